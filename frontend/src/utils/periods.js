// The monthly closing cycle (上报与结账) as the pages show it. The server decides; these
// helpers only choose which buttons to offer and how to lay the months out.

export const PERIOD_STATUS = {
  open: { label: '未上报', short: '未报', type: 'info' },
  submitted: { label: '已上报', short: '已报', type: 'warning' },
  closed: { label: '已结账', short: '结账', type: 'success' },
}

// currentMonth is "YYYY-MM" of now in Asia/Shanghai, where the platform's months begin and end.
export function currentMonth(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(now)
  const get = (t) => parts.find((p) => p.type === t)?.value
  return `${get('year')}-${get('month')}`
}

// monthEnded tells whether a month ("YYYY-MM") is over, so that it can be submitted.
export function monthEnded(period, now = new Date()) {
  return period < currentMonth(now)
}

// monthLabel: "2024-05" -> "2024年5月".
export function monthLabel(period) {
  const [y, m] = String(period).split('-')
  return `${y}年${Number(m)}月`
}

const province = (user) => user?.role === 'admin' || (user?.role === 'official' && !user.city)

// periodMoves lists what the user may do with a city-month now.
export function periodMoves(user, p, now = new Date()) {
  if (!user || !p) return []
  const out = []
  if (p.status === 'open' && monthEnded(p.period, now) && (province(user) || (user.role === 'official' && user.city === p.city))) out.push('submit')
  if (p.status === 'submitted' && province(user)) out.push('close', 'return')
  if (p.status === 'closed' && province(user)) out.push('reopen')
  return out
}

// groupPeriods lays the list out as a grid: cities (in the server's order) by months.
export function groupPeriods(items) {
  const months = []
  const cities = []
  const byKey = new Map()
  for (const p of items || []) {
    if (!months.includes(p.period)) months.push(p.period)
    if (!cities.includes(p.city)) cities.push(p.city)
    byKey.set(p.city + '|' + p.period, p)
  }
  months.sort()
  return {
    months,
    cities,
    cell: (city, period) => byKey.get(city + '|' + period) || { city, period, status: 'open', history: [] },
  }
}

// monthSummary lists the months of a year that are closed: for one city, or (no city) for
// every city listed; submitted months are listed apart.
export function monthSummary(items, city = '') {
  const { months, cities, cell } = groupPeriods(items)
  const scope = city ? [city] : cities
  const closed = []
  const submitted = []
  for (const m of months) {
    const st = scope.map((c) => cell(c, m).status)
    if (st.length && st.every((s) => s === 'closed')) closed.push(m)
    else if (st.length && st.every((s) => s !== 'open')) submitted.push(m)
  }
  return { closed, submitted }
}
