import { describe, it, expect } from 'vitest'
import {
  graduateStatusLabel, graduateStatusType, GRADUATE_STATUS_LIST, nameIn, SERVICE_KINDS, CONTACT_CHANNELS,
  GRADUATE_EDUCATIONS, progress1131, progress1131Text, missing1131, graduateTimeline,
} from './graduates.js'

describe('graduate status', () => {
  it.each([
    ['registered', '已登记'],
    ['followed_up', '已回访'],
    ['served', '已服务'],
    ['employed', '已就业'],
  ])('%s reads %s', (code, label) => {
    expect(graduateStatusLabel(code)).toBe(label)
  })
  it('never shows an unknown code to people', () => {
    expect(graduateStatusLabel('weird')).toBe('—')
    expect(graduateStatusLabel(undefined)).toBe('—')
    expect(graduateStatusType('weird')).toBe('info')
    expect(graduateStatusType('employed')).toBe('success')
  })
  it('offers the four statuses in the filter, in their order', () => {
    expect(GRADUATE_STATUS_LIST.map((s) => s.code)).toEqual(['registered', 'followed_up', 'served', 'employed'])
  })
  it('names channels, kinds and education levels in Chinese', () => {
    expect(nameIn(SERVICE_KINDS, 'job_referral')).toBe('岗位推荐')
    expect(nameIn(CONTACT_CHANNELS, 'visit')).toBe('上门')
    expect(nameIn(GRADUATE_EDUCATIONS, 'college')).toBe('大专')
    expect(nameIn(SERVICE_KINDS, 'nonsense')).toBe('—')
  })
})

describe('1131 progress', () => {
  it('counts the four parts, training and internship together', () => {
    const parts = progress1131({ policy: 1, guidance: 0, job_referral: 2, training: 0, internship: 1 })
    expect(parts.map((p) => [p.key, p.have, p.need, p.done])).toEqual([
      ['policy', 1, 1, true],
      ['guidance', 0, 1, false],
      ['job_referral', 2, 3, false],
      ['training', 1, 1, true],
    ])
  })
  it('writes the short form of the list', () => {
    expect(progress1131Text({ policy: 1, guidance: 1, job_referral: 2, training: 0, internship: 0 })).toBe('政1 指1 荐2/3 训0')
    expect(progress1131Text({ policy: 2, guidance: 1, job_referral: 4, training: 1, internship: 2 })).toBe('政2 指1 荐4/3 训3')
  })
  it('treats missing or broken counts as none', () => {
    expect(progress1131Text(undefined)).toBe('政0 指0 荐0/3 训0')
    expect(progress1131Text(null)).toBe('政0 指0 荐0/3 训0')
    expect(progress1131Text({ policy: 'x', guidance: -2 })).toBe('政0 指0 荐0/3 训0')
  })
  it('says what is still missing', () => {
    expect(missing1131({ policy: 1, guidance: 1, job_referral: 2 })).toBe('岗位推荐还差1次、培训或见习还差1次')
    expect(missing1131({ policy: 1, guidance: 1, job_referral: 3, internship: 1 })).toBe('')
  })
})

describe('graduateTimeline', () => {
  const g = {
    registered_on: '2024-07-01',
    created_at: '2024-07-01T09:00:00+08:00',
    organisation: '沈阳市公共就业服务中心',
    contacts: [
      { id: 1, on: '2024-07-10', channel: 'phone', reached: false, note: '无人接听', created_by_name: '张三', created_at: '2024-07-10T10:00:00+08:00' },
      { id: 2, on: '2024-07-12', channel: 'visit', reached: true, note: '', created_by_name: '张三', created_at: '2024-07-12T15:00:00+08:00' },
    ],
    services: [
      { id: 5, on: '2024-07-12', kind: 'policy', job_id: null, job_title: '', note: '讲解就业补贴', created_by_name: '李四', created_at: '2024-07-12T09:00:00+08:00' },
      { id: 6, on: '2024-07-20', kind: 'job_referral', job_id: 9, job_title: '会计', note: '', created_by_name: '李四', created_at: '2024-07-20T09:00:00+08:00' },
    ],
    placement: { id: 3, placed_on: '2024-08-01', employer_name: '沈阳某某科技有限公司', city: '沈阳市' },
  }

  it('merges everything by date, same-day records in the order they were recorded', () => {
    const t = graduateTimeline(g)
    expect(t.map((e) => e.key)).toEqual(['registered', 'contact-1', 'service-5', 'contact-2', 'service-6', 'placement-3'])
    expect(t.map((e) => e.on)).toEqual(['2024-07-01', '2024-07-10', '2024-07-12', '2024-07-12', '2024-07-20', '2024-08-01'])
  })
  it('puts each event into words', () => {
    const t = graduateTimeline(g)
    const byKey = Object.fromEntries(t.map((e) => [e.key, e]))
    expect(byKey['contact-1'].title).toBe('电话回访 · 未联系上')
    expect(byKey['contact-1'].type).toBe('danger')
    expect(byKey['contact-2'].title).toBe('上门回访 · 已联系上')
    expect(byKey['service-5'].title).toBe('政策宣介')
    expect(byKey['service-5'].detail).toBe('讲解就业补贴')
    expect(byKey['service-6'].title).toBe('岗位推荐：会计')
    expect(byKey['service-6'].jobId).toBe(9)
    expect(byKey['placement-3'].title).toBe('就业：沈阳某某科技有限公司（沈阳市）')
    expect(byKey['placement-3'].placementId).toBe(3)
  })
  it('keeps registration first and the placement last on a shared day', () => {
    const t = graduateTimeline({
      registered_on: '2024-07-01',
      contacts: [{ id: 1, on: '2024-07-01', channel: 'sms', reached: true, created_at: '2024-07-01T08:00:00Z' }],
      services: [],
      placement: { id: 2, placed_on: '2024-07-01', employer_name: 'X' },
    })
    expect(t.map((e) => e.kind)).toEqual(['registered', 'contact', 'placement'])
  })
  it('holds only the registration when nothing else happened', () => {
    expect(graduateTimeline({ registered_on: '2024-07-01', contacts: [], services: [], placement: null }).map((e) => e.kind)).toEqual(['registered'])
    expect(graduateTimeline(null)).toEqual([])
  })
})
