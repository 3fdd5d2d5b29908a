// Display helpers: numbers in 万, percentages, dates, and the labels of codes.

const DASH = '—'

function isMissing(n) {
  return n === null || n === undefined || n === '' || Number.isNaN(Number(n))
}

// trimDecimals rounds to `digits` places and drops trailing zeros: 1.20 -> "1.2", 42.00 -> "42".
// Float noise is cleaned first, so 1.2345 * 100 rounds to 123.5, not 123.4.
function trimDecimals(n, digits) {
  let clean = Number(Number(n).toPrecision(12))
  if (Math.abs(clean) < 1e-6) clean = 0
  const rounded = Number(Math.round(Number(clean + 'e' + digits)) + 'e-' + digits)
  const s = rounded.toFixed(digits)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

// formatWan shows a count the way bureaus write it: 420000 -> "42万", 12345 -> "1.23万",
// numbers under ten thousand as they are (9999 -> "9999", 5.3 -> "5.3").
export function formatWan(n, digits = 2) {
  if (isMissing(n)) return DASH
  const v = Number(n)
  const abs = Math.abs(v)
  if (abs >= 100000000) return trimDecimals(v / 100000000, digits) + '亿'
  if (abs >= 10000) return trimDecimals(v / 10000, digits) + '万'
  return trimDecimals(v, digits)
}

// formatNumber groups thousands: 1234567 -> "1,234,567".
export function formatNumber(n) {
  if (isMissing(n)) return DASH
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 })
}

// formatPercent turns a fraction into a percentage: 0.517 -> "51.7%", 0.5 -> "50%".
export function formatPercent(fraction, digits = 1) {
  if (isMissing(fraction)) return DASH
  return trimDecimals(Number(fraction) * 100, digits) + '%'
}

// formatGoalValue shows a goal's target, actual or forecast: a share goal (a fraction, 0.75) as a
// percentage, a rate goal (already in percent, 97.35) with a percent sign, any other as a count
// in 万 followed by its unit.
export function formatGoalValue(value, goal = {}) {
  if (isMissing(value)) return DASH
  if (goal.kind === 'share') return formatPercent(value)
  if (goal.kind === 'rate' || goal.unit === '%') return trimDecimals(value, 2) + '%'
  return formatWan(value) + (goal.unit || '')
}

// formatGoalNumber is formatGoalValue without the unit of a count, for chart axes and labels.
export function formatGoalNumber(value, goal = {}) {
  if (isMissing(value)) return DASH
  if (goal.kind === 'share' || goal.kind === 'rate' || goal.unit === '%') return formatGoalValue(value, goal)
  return formatWan(value)
}

// isLevelGoal tells a goal that does not accrue with the year (a share or a rate, judged met or
// behind only): it has no calendar pace and its forecast is its actual.
export function isLevelGoal(goal = {}) {
  return goal.kind === 'share' || goal.kind === 'rate'
}

// formatSalary shows a monthly salary range in whole yuan.
export function formatSalary(min, max) {
  const has = (v) => !isMissing(v) && Number(v) > 0
  if (!has(min) && !has(max)) return '面议'
  if (has(min) && has(max)) return `${formatWan(min)}–${formatWan(max)}元/月`
  return has(min) ? `${formatWan(min)}元/月起` : `最高${formatWan(max)}元/月`
}

const pad = (n) => String(n).padStart(2, '0')

// toISODate gives YYYY-MM-DD of a Date in local time.
export function toISODate(d = new Date()) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// formatDate shows the date part of a YYYY-MM-DD or RFC 3339 value, in China time.
export function formatDate(value) {
  if (!value) return DASH
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const parts = shanghaiParts(d)
  return `${parts.year}-${parts.month}-${parts.day}`
}

// formatDateTime shows an RFC 3339 time as "YYYY-MM-DD HH:mm" in China time.
export function formatDateTime(value) {
  if (!value) return DASH
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = shanghaiParts(d)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

// formatDateRange shows a fair's span: same day -> "2023-05-01 09:00–17:00".
export function formatDateRange(start, end) {
  if (!start) return DASH
  const a = formatDateTime(start)
  if (!end) return a
  const b = formatDateTime(end)
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a}–${b.slice(11)}`
  return `${a} 至 ${b}`
}

// shanghaiFormat is built once: building an Intl.DateTimeFormat costs some twenty-five times what
// formatting with one does, and a page of fairs or sign-ups formats two or three times per row.
const shanghaiFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
})

function shanghaiParts(d) {
  const out = {}
  for (const part of shanghaiFormat.formatToParts(d)) out[part.type] = part.value
  return out
}

// toRFC3339 turns a local "YYYY-MM-DD HH:mm:ss" picker value into RFC 3339 with China's offset.
export function toRFC3339(local) {
  if (!local) return ''
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(local)) return local
  const [date, time = '00:00:00'] = local.split(/[ T]/)
  const t = time.length === 5 ? time + ':00' : time
  return `${date}T${t}+08:00`
}

// fromRFC3339 turns an RFC 3339 time into the picker's "YYYY-MM-DD HH:mm:ss" in China time.
export function fromRFC3339(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  const p = shanghaiParts(d)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:00`
}

// Goal status: label for people, el-tag type and the bar's colour.
export const GOAL_STATUS = {
  met: { label: '已完成', type: 'success', color: '#2e9d4f' },
  ahead: { label: '超序时', type: 'primary', color: '#2f6fde' },
  behind: { label: '滞后', type: 'danger', color: '#d93b3b' },
  no_data: { label: '暂无数据', type: 'info', color: '#9aa1ab' },
  no_target: { label: '未设目标', type: 'warning', color: '#c98a10' },
}

export function statusLabel(status) {
  return GOAL_STATUS[status]?.label ?? (status || DASH)
}

export function statusType(status) {
  return GOAL_STATUS[status]?.type ?? 'info'
}

export function statusColor(status) {
  return GOAL_STATUS[status]?.color ?? '#9aa1ab'
}

export const FAIR_STATUS = {
  planned: { label: '计划中', type: 'primary' },
  held: { label: '已举办', type: 'success' },
  cancelled: { label: '已取消', type: 'info' },
}

export const SIGNUP_STATUS = {
  pending: { label: '待审核', type: 'warning' },
  approved: { label: '已通过', type: 'success' },
  declined: { label: '未通过', type: 'danger' },
}

export const FAIR_MODES = [
  { code: 'onsite', name: '现场' },
  { code: 'online', name: '线上' },
  { code: 'livestream', name: '直播带岗' },
]

// Fair kinds: the plan counts special fairs (专场), not general ones (综合).
export const FAIR_KINDS = [
  { code: 'special', name: '专场' },
  { code: 'general', name: '综合' },
]

// What kind of organisation an organiser is; only public-service ones hold public_service fairs.
export const ORGANISATION_KINDS = [
  { code: 'public_service', name: '公共人力资源服务机构' },
  { code: 'university', name: '高校' },
  { code: 'hr_agency', name: '经营性人力资源服务机构' },
  { code: 'other', name: '其他' },
]

// Outreach visits (送政策送岗位送服务): where staff go, and what they bring.
export const VISIT_KINDS = [
  { code: 'enterprise', name: '企业' },
  { code: 'campus', name: '院校' },
  { code: 'community', name: '社区' },
  { code: 'village', name: '乡村' },
]

export const VISIT_ITEMS = [
  { code: 'policy', name: '送政策' },
  { code: 'jobs', name: '送岗位' },
  { code: 'services', name: '送服务' },
]

export const ROLES = [
  { code: 'admin', name: '系统管理员' },
  { code: 'official', name: '主管部门' },
  { code: 'organiser', name: '招聘会组织方' },
  { code: 'employer', name: '用人单位' },
]

export const COMPARISONS = [
  { code: 'at_least', name: '不低于' },
  { code: 'about', name: '约' },
  { code: 'at_most', name: '不高于' },
]

export function labelOf(list, code) {
  if (Array.isArray(list)) return list.find((x) => x.code === code)?.name ?? code ?? DASH
  return list[code]?.label ?? code ?? DASH
}

// FILTER_LABELS name the list filters that arrive in the address (from a goal card's link,
// say) and that a page has no control of its own for.
const FILTER_LABELS = {
  from: (v) => `${v}起`,
  to: (v) => `截至${v}`,
  year: (v) => `${v}年`,
  status: (v) => ({ planned: '计划中', held: '已举办', cancelled: '已取消', pending: '待审核', approved: '已通过', declined: '未通过' }[v] || v),
  for_graduates: (v) => (v === 'true' || v === true ? '面向高校毕业生' : '不限定高校毕业生'),
  programme: (v, nameOf) => `专项活动：${nameOf('programmes', v)}`,
  group: (v, nameOf) => `人员类别：${nameOf('groups', v)}`,
  city: (v) => v,
  employer_id: (v) => `用人单位 #${v}`,
  fair_id: (v) => `招聘会 #${v}`,
  job_id: (v) => `岗位 #${v}`,
  education: (v, nameOf) => `学历：${nameOf('educations', v)}`,
  q: (v) => `包含“${v}”`,
  needy_family: (v) => (v === 'true' || v === true ? '困难家庭' : '非困难家庭'),
  wants_job: (v) => (v === 'true' || v === true ? '有就业意愿' : '无就业意愿'),
}

// describeFilters says in words what extra filters narrow a list: “已举办，截至2023-06-30”.
// nameOf(list, code) gives the Chinese name of a reference code.
export function describeFilters(extra, nameOf = (_, code) => code) {
  return Object.entries(extra || {})
    .filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v]) => (FILTER_LABELS[k] ? FILTER_LABELS[k](v, nameOf) : `${k}：${v}`))
    .join('，')
}
