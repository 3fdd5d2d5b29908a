import { describe, it, expect } from 'vitest'
import {
  CONSENT_TEXT, jobsPageSize, registrationBody, ticketPath, qrPath, qrFileName, checkinStatus,
  closedReason, telHref, shownEmployers,
} from './fairday.js'

describe('CONSENT_TEXT', () => {
  it('says what the data is for, who uses it and when it is deleted', () => {
    expect(CONSENT_TEXT.startsWith('您填写的姓名和手机号仅用于本场招聘会的入场登记')).toBe(true)
    expect(CONSENT_TEXT).toContain('由招聘会主办方使用')
    expect(CONSENT_TEXT.endsWith('招聘会结束一年后删除。')).toBe(true)
  })
})

describe('jobsPageSize', () => {
  it.each([[390, 10], [699, 10], [700, 20], [1366, 20]])('%i px -> %i a page', (w, n) => {
    expect(jobsPageSize(w)).toBe(n)
  })
})

describe('registrationBody', () => {
  it('trims the name, drops the grouping of the phone and sends consent as a boolean', () => {
    expect(registrationBody({ name: ' 张三 ', phone: '138 0013-8000', consent: true }))
      .toEqual({ name: '张三', phone: '13800138000', consent: true })
  })
  it('sends no consent unless the box is ticked', () => {
    expect(registrationBody({ name: '张三', phone: '13800138000', consent: 'yes' }).consent).toBe(false)
    expect(registrationBody({ name: '张三', phone: '13800138000' }).consent).toBe(false)
  })
  it('sends empty fields for the server to name', () => {
    expect(registrationBody(null)).toEqual({ name: '', phone: '', consent: false })
  })
})

describe('ticket addresses', () => {
  it('escapes the ticket in the page and image paths', () => {
    expect(ticketPath('abc123')).toBe('/public/tickets/abc123')
    expect(ticketPath('a/b?c')).toBe('/public/tickets/a%2Fb%3Fc')
    expect(qrPath('a/b')).toBe('/public/tickets/a%2Fb/qr.png')
  })
  it('names the QR file after the fair without characters files cannot carry', () => {
    expect(qrFileName('高校毕业生春季专场招聘会')).toBe('入场码-高校毕业生春季专场招聘会.png')
    expect(qrFileName('A/B: "C"?')).toBe('入场码-AB C.png')
    expect(qrFileName('')).toBe('入场码.png')
    expect(qrFileName(undefined)).toBe('入场码.png')
    expect(qrFileName('长'.repeat(100))).toBe(`入场码-${'长'.repeat(60)}.png`)
  })
})

describe('checkinStatus', () => {
  it('is not checked in without a time', () => {
    expect(checkinStatus(null)).toEqual({ label: '未签到', type: 'info', done: false })
    expect(checkinStatus('')).toEqual({ label: '未签到', type: 'info', done: false })
  })
  it('shows the check-in time in China time', () => {
    expect(checkinStatus('2025-05-10T01:05:00Z')).toEqual({ label: '已签到（2025-05-10 09:05）', type: 'success', done: true })
  })
})

describe('closedReason', () => {
  it('is empty while registrations are open', () => {
    expect(closedReason({ status: 'planned', registrations_open: true })).toBe('')
    expect(closedReason(null)).toBe('')
  })
  it('says why a fair takes no registrations', () => {
    expect(closedReason({ status: 'cancelled', registrations_open: false })).toContain('已取消')
    expect(closedReason({ status: 'held', registrations_open: false })).toContain('已举办')
    expect(closedReason({ status: 'planned', registrations_open: false })).toContain('已结束')
  })
})

describe('telHref', () => {
  it.each([
    ['024-2345 6789', 'tel:02423456789'],
    ['+86 138 0013 8000', 'tel:+8613800138000'],
    ['13800138000', 'tel:13800138000'],
    ['', ''],
    [null, ''],
    ['电话', ''],
  ])('%s -> %s', (phone, href) => {
    expect(telHref(phone)).toBe(href)
  })
})

describe('shownEmployers', () => {
  const list = Array.from({ length: 12 }, (_, i) => ({ id: i + 1 }))
  it('shows the first ones until expanded', () => {
    expect(shownEmployers(list, false).map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(shownEmployers(list, true)).toHaveLength(12)
    expect(shownEmployers(list.slice(0, 3), false)).toHaveLength(3)
    expect(shownEmployers(undefined, false)).toEqual([])
  })
})
