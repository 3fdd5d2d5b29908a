// Helpers of the job seekers' fair-day pages: registration, the ticket and its QR code, and a
// fair's jobs. The server decides every rule; these only shape what is sent and shown.
import { formatDateTime } from '../../utils/format.js'

// CONSENT_TEXT is shown in full beside the consent checkbox of the registration form.
export const CONSENT_TEXT =
  '您填写的姓名和手机号仅用于本场招聘会的入场登记、签到和用人单位登记求职意向，由招聘会主办方使用，' +
  '不会公开，也不会用于其他用途；招聘会结束一年后删除。'

// PHONE_WIDTH: below it the pages use their phone layout.
export const PHONE_WIDTH = 700

// jobsPageSize: a phone shows 10 jobs a page, so that a fair's page stays short.
export function jobsPageSize(width) {
  return width < PHONE_WIDTH ? 10 : 20
}

// registrationBody is what the registration form sends: the name trimmed, the phone without the
// spaces and dashes people type to group its digits, consent as a boolean.
export function registrationBody(form) {
  return {
    name: String(form?.name ?? '').trim(),
    phone: String(form?.phone ?? '').replace(/[\s-]/g, ''),
    consent: form?.consent === true,
  }
}

// ticketPath is the web page of a ticket; its address is the ticket itself.
export function ticketPath(ticket) {
  return `/public/tickets/${encodeURIComponent(ticket)}`
}

// qrPath is the API path (under /api/v1) of the ticket's QR code image.
export function qrPath(ticket) {
  return `/public/tickets/${encodeURIComponent(ticket)}/qr.png`
}

// qrFileName names the saved QR image after the fair: 入场码-<fair>.png, without the characters
// file systems refuse.
export function qrFileName(fairTitle) {
  const safe = String(fairTitle ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').trim().slice(0, 60)
  return safe ? `入场码-${safe}.png` : '入场码.png'
}

// checkinStatus says whether the ticket has been used at the door.
export function checkinStatus(checkedInAt) {
  if (!checkedInAt) return { label: '未签到', type: 'info', done: false }
  return { label: `已签到（${formatDateTime(checkedInAt)}）`, type: 'success', done: true }
}

// closedReason says why a fair takes no registrations ('' when it does).
export function closedReason(fair) {
  if (!fair || fair.registrations_open) return ''
  if (fair.status === 'cancelled') return '本场招聘会已取消，不再接受报名。'
  if (fair.status === 'held') return '本场招聘会已举办，报名已结束。'
  return '本场招聘会已结束或暂不接受网上报名。'
}

// telHref makes a contact phone callable from a phone: tel: with its digits (and a leading +);
// '' when there is nothing to call.
export function telHref(phone) {
  const s = String(phone ?? '').trim()
  const digits = s.replace(/[^\d]/g, '')
  if (digits.length < 3) return ''
  return 'tel:' + (s.startsWith('+') ? '+' : '') + digits
}

// shownEmployers gives the employers to list: all of them, or the first `limit` until the
// visitor asks for the rest.
export function shownEmployers(list, expanded, limit = 8) {
  const all = Array.isArray(list) ? list : []
  return expanded ? all : all.slice(0, limit)
}
