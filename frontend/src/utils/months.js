// Months as the API writes them: "YYYY-MM".

// previousMonth is the month before: previousMonth('2025-01') === '2024-12'.
export function previousMonth(period) {
  const [y, m] = period.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

// lastMonth is the month before today's, the one cities report now.
export function lastMonth(today = new Date()) {
  const y = today.getFullYear()
  const m = today.getMonth() + 1
  return previousMonth(`${y}-${String(m).padStart(2, '0')}`)
}

// monthName is "2025年5月".
export function monthName(period) {
  const [y, m] = String(period || '').split('-').map(Number)
  return y && m ? `${y}年${m}月` : ''
}

// changedFigures lists the goals whose recorded figure the form changes: the server takes them
// only as corrections, so the page asks first.
export function changedFigures(rows) {
  return rows.filter((r) => r.recorded !== null && r.recorded !== undefined && r.value !== null && r.value !== undefined && r.value !== '' && Number(r.value) !== r.recorded)
}

// filledValues is the body's values: every goal with a figure in the form.
export function filledValues(rows) {
  const out = {}
  for (const r of rows) if (r.value !== null && r.value !== undefined && r.value !== '') out[r.code] = Number(r.value)
  return out
}
