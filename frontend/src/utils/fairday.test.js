import { describe, it, expect } from 'vitest'
import {
  ticketFromScan, proposedResults, resultWithRecord, resultRows, aroundToday, badgeText,
  unreadFirst, internalLink, checkinOutcome,
} from './fairday.js'

describe('ticketFromScan', () => {
  it.each([
    ['  Abc123xyz  ', 'Abc123xyz'],
    ['https://jobs.example.cn/public/tickets/T0k-9_z', 'T0k-9_z'],
    ['https://jobs.example.cn/public/tickets/T0k9?from=qr', 'T0k9'],
    ['/public/ticket?ticket=a%2Bb&x=1', 'a+b'],
    ['', ''],
    [null, ''],
    ['%E0%A4%A', '%E0%A4%A'],
  ])('%j -> %j', (input, want) => {
    expect(ticketFromScan(input)).toBe(want)
  })
})

describe('recorded figures', () => {
  const recorded = { registrations: 1500, checkins: 1134, employers_approved: 42, intents: 310, posts: 900 }

  it('proposes the close-as-held form from the record', () => {
    expect(proposedResults(recorded)).toEqual({ visitors: 1134, employers_attended: 42, posts_offered: 900, intents: 310 })
    expect(proposedResults(null)).toEqual({ visitors: 0, employers_attended: 0, posts_offered: 0, intents: 0 })
  })

  it('shows both figures only where they differ', () => {
    expect(resultWithRecord(1200, 1134, '签到记录')).toBe('1,200（签到记录 1,134）')
    expect(resultWithRecord(1134, 1134, '签到记录')).toBe('1,134')
    expect(resultWithRecord(1200, null, '签到记录')).toBe('1,200')
    expect(resultWithRecord(0, 3, '意向记录')).toBe('0（意向记录 3）')
  })

  it('lists each result of a held fair beside its record', () => {
    const rows = resultRows({ visitors: 1200, employers_attended: 42, posts_offered: 900, intents: 300, recorded })
    expect(rows.map((r) => r.text)).toEqual(['1,200（签到记录 1,134）', '42', '900', '300（意向记录 310）'])
    expect(rows.map((r) => r.differs)).toEqual([true, false, false, true])
    expect(resultRows({ visitors: 5 }).map((r) => r.differs)).toEqual([false, false, false, false])
  })
})

describe('aroundToday', () => {
  // 2025-05-20 10:00 in China.
  const now = new Date('2025-05-20T02:00:00Z')
  it.each([
    ['2025-05-20T09:00:00+08:00', '2025-05-20T16:00:00+08:00', true],
    ['2025-05-21T09:00:00+08:00', '2025-05-21T16:00:00+08:00', true],
    ['2025-05-19T09:00:00+08:00', '2025-05-19T16:00:00+08:00', true],
    ['2025-05-22T09:00:00+08:00', '2025-05-22T16:00:00+08:00', false],
    ['2025-05-17T09:00:00+08:00', '2025-05-18T16:00:00+08:00', false],
    ['2025-05-10T09:00:00+08:00', '2025-05-30T16:00:00+08:00', true],
    // 2025-05-18 23:30 China time is still the 18th although it is the 18th 15:30 UTC.
    ['2025-05-18T09:00:00+08:00', '2025-05-18T23:30:00+08:00', false],
    ['not a date', '', false],
  ])('%s – %s', (start, end, want) => {
    expect(aroundToday(start, end, now)).toBe(want)
  })
  it('reads days in China time, not UTC', () => {
    // 2025-05-21 00:30 China time (still the 20th in UTC): a fair of the 22nd is one day away.
    expect(aroundToday('2025-05-22T09:00:00+08:00', '2025-05-22T16:00:00+08:00', new Date('2025-05-20T16:30:00Z'))).toBe(true)
  })
})

describe('badgeText', () => {
  it.each([[0, ''], [null, ''], [-2, ''], [1, '1'], [99, '99'], [100, '99+'], ['7', '7']])('%j -> %j', (n, want) => {
    expect(badgeText(n)).toBe(want)
  })
})

describe('notifications', () => {
  it('puts unread first, newest first within each', () => {
    const items = [
      { id: 1, read: true, created_at: '2025-05-20T10:00:00+08:00' },
      { id: 2, read: false, created_at: '2025-05-18T10:00:00+08:00' },
      { id: 3, read: true, created_at: '2025-05-21T10:00:00+08:00' },
      { id: 4, read: false, created_at: '2025-05-19T10:00:00+08:00' },
    ]
    expect(unreadFirst(items).map((n) => n.id)).toEqual([4, 2, 3, 1])
    expect(items.map((n) => n.id)).toEqual([1, 2, 3, 4])
  })
  it.each([
    ['/signups', '/signups'],
    ['/reports?period=2025-05&city=沈阳市', '/reports?period=2025-05&city=沈阳市'],
    ['//evil.example/x', ''],
    ['/\\evil.example', ''],
    ['https://evil.example/', ''],
    ['javascript:alert(1)', ''],
    ['', ''],
  ])('link %j -> %j', (link, want) => {
    expect(internalLink(link)).toBe(want)
  })
})

describe('checkinOutcome', () => {
  it('says who was checked in', () => {
    expect(checkinOutcome({ name: '张*', checked_in_at: '2025-05-20T09:32:00+08:00', walk_in: false, checkins: 5 })).toEqual(
      { ok: true, title: '签到成功', name: '张*', at: '2025-05-20T09:32:00+08:00', walkIn: false })
    expect(checkinOutcome({ name: '李*', walk_in: true }).title).toBe('现场登记并签到成功')
  })
  it('gives the server message of a refusal, the named field message first', () => {
    expect(checkinOutcome(null, { status: 409, message: '已签到（09:32）', fields: {} })).toEqual(
      { ok: false, title: '已签到（09:32）', detail: '', status: 409 })
    expect(checkinOutcome(null, { status: 422, message: '提交的内容有误', fields: { ticket: '票号不属于本场招聘会' } }).title).toBe('票号不属于本场招聘会')
    expect(checkinOutcome(null, { status: 422, message: '提交的内容有误', fields: { phone: '手机号须为11位' } }).title).toBe('手机号须为11位')
    expect(checkinOutcome(null, { status: 422, message: '提交的内容有误', fields: { job_id: '请选择岗位' } }).title).toBe('请选择岗位')
    expect(checkinOutcome(null, null).title).toBe('签到失败')
    expect(checkinOutcome(null, {}, '登记失败').title).toBe('登记失败')
  })
})
