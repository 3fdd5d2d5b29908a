// Fair-day helpers for the staff pages: reading a scanned ticket, the figures recorded on the
// day beside those entered when a fair is closed, which fairs are "on or around today", and the
// notification bell's badge and order.
import { formatNumber } from './format.js'

// ticketFromScan reads the ticket out of what a scanner or a typist gave: the bare ticket, or a
// link that ends with it (…/tickets/ABC or …?ticket=ABC). Spaces around it are dropped.
export function ticketFromScan(text) {
  const s = String(text ?? '').trim()
  if (!s) return ''
  const query = /[?&]ticket=([^&#\s]+)/.exec(s)
  if (query) return safeDecode(query[1])
  const path = /\/tickets\/([^/?#\s]+)/.exec(s)
  if (path) return safeDecode(path[1])
  return s
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

// The results of a held fair and the on-site record each is proposed from.
export const RESULT_FIELDS = [
  { key: 'visitors', label: '入场人数', recorded: 'checkins', recordedLabel: '签到记录' },
  { key: 'employers_attended', label: '参会单位', recorded: 'employers_approved', recordedLabel: '通过报名' },
  { key: 'posts_offered', label: '提供岗位', recorded: 'posts', recordedLabel: '本场岗位' },
  { key: 'intents', label: '达成意向', recorded: 'intents', recordedLabel: '意向记录' },
]

// proposedResults gives the close-as-held form filled from the fair's on-site record
// (zeros where nothing was recorded).
export function proposedResults(recorded) {
  const r = recorded || {}
  const out = {}
  for (const f of RESULT_FIELDS) out[f.key] = Number(r[f.recorded]) || 0
  return out
}

// resultWithRecord shows an entered figure, and the recorded one beside it when they differ:
// (1200, 1134, '签到记录') -> "1,200（签到记录 1,134）"; (1134, 1134) -> "1,134".
// Without a record (an older fair) the entered figure stands alone.
export function resultWithRecord(entered, recorded, recordedLabel) {
  const shown = formatNumber(entered)
  if (recorded === null || recorded === undefined || Number(recorded) === Number(entered)) return shown
  return `${shown}（${recordedLabel} ${formatNumber(recorded)}）`
}

// resultRows gives, for a held fair, each result with its recorded figure and whether they differ.
export function resultRows(fair) {
  const rec = fair?.recorded || null
  return RESULT_FIELDS.map((f) => {
    const entered = fair?.[f.key]
    const recorded = rec ? rec[f.recorded] : null
    const differs = rec != null && recorded != null && Number(recorded) !== Number(entered)
    return { ...f, entered, recordedValue: recorded, differs, text: resultWithRecord(entered, recorded, f.recordedLabel) }
  })
}

const DAY = 24 * 3600 * 1000

// chinaDay gives the day number (days since 1970-01-01) of an instant in China time (UTC+8).
function chinaDay(t) {
  return Math.floor((t + 8 * 3600 * 1000) / DAY)
}

// aroundToday says whether a fair runs today or within `days` days of today (China time):
// a booth opens its page the day before to test it and the day after to finish its records.
export function aroundToday(startsAt, endsAt, now = new Date(), days = 1) {
  const start = Date.parse(startsAt)
  if (Number.isNaN(start)) return false
  const end = Number.isNaN(Date.parse(endsAt)) ? start : Date.parse(endsAt)
  const today = chinaDay(now.getTime())
  return chinaDay(start) - days <= today && today <= chinaDay(end) + days
}

// badgeText is what a count badge shows: nothing for none, "99+" beyond 99.
export function badgeText(n, max = 99) {
  const v = Number(n) || 0
  if (v <= 0) return ''
  return v > max ? `${max}+` : String(v)
}

// unreadFirst orders notifications unread first, newest first within each group.
export function unreadFirst(items) {
  return [...(items || [])].sort((a, b) => {
    if (!!a.read !== !!b.read) return a.read ? 1 : -1
    return String(b.created_at || '').localeCompare(String(a.created_at || '')) || (b.id || 0) - (a.id || 0)
  })
}

// internalLink keeps a notification's link only when it is a path of this web app, so that a
// stored link can never send someone to another site.
export function internalLink(link) {
  const s = String(link || '')
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') ? s : ''
}

export const NOTIFICATION_KINDS = {
  signup_approved: { label: '报名通过', type: 'success' },
  signup_declined: { label: '报名未通过', type: 'danger' },
  period_returned: { label: '月报退回', type: 'warning' },
  period_reopened: { label: '月份重新开放', type: 'info' },
}

// checkinOutcome turns a check-in answer or refusal into what the page shows in large print.
// The booth page uses it for refusals of an intent too.
export function checkinOutcome(result, err, fallback = '签到失败') {
  if (result) {
    return { ok: true, title: result.walk_in ? '现场登记并签到成功' : '签到成功', name: result.name || '', at: result.checked_in_at || '', walkIn: !!result.walk_in }
  }
  // A refusal naming a field says what is wrong with it; the envelope's general message
  // ("提交的内容有误…") adds nothing at the door.
  const fields = err?.fields || {}
  const named = fields.ticket || fields.name || fields.phone || fields.job_id || ''
  return { ok: false, title: named || err?.message || fallback, detail: '', status: err?.status ?? 0 }
}
