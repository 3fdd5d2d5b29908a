import { describe, expect, it } from 'vitest'
import { currentMonth, groupPeriods, monthEnded, monthLabel, monthSummary, periodMoves } from './periods.js'

const now = new Date('2025-06-30T18:00:00Z') // already 1 July in Shanghai

describe('months', () => {
  it('follow Shanghai time', () => {
    expect(currentMonth(now)).toBe('2025-07')
    expect(monthEnded('2025-06', now)).toBe(true)
    expect(monthEnded('2025-07', now)).toBe(false)
    expect(monthLabel('2024-05')).toBe('2024年5月')
  })
})

describe('periodMoves', () => {
  const open = { period: '2025-05', city: '沈阳市', status: 'open' }
  const cityOfficial = { role: 'official', city: '沈阳市' }
  const otherCity = { role: 'official', city: '大连市' }
  const prov = { role: 'official', city: '' }
  it('lets a city submit its ended months only', () => {
    expect(periodMoves(cityOfficial, open, now)).toEqual(['submit'])
    expect(periodMoves(otherCity, open, now)).toEqual([])
    expect(periodMoves(cityOfficial, { ...open, period: '2025-07' }, now)).toEqual([])
    expect(periodMoves({ role: 'organiser', city: '' }, open, now)).toEqual([])
  })
  it('leaves closing, returning and reopening to the province', () => {
    expect(periodMoves(cityOfficial, { ...open, status: 'submitted' }, now)).toEqual([])
    expect(periodMoves(prov, { ...open, status: 'submitted' }, now)).toEqual(['close', 'return'])
    expect(periodMoves({ role: 'admin', city: '' }, { ...open, status: 'closed' }, now)).toEqual(['reopen'])
  })
})

describe('grid and summary', () => {
  const items = [
    { period: '2025-01', city: '沈阳市', status: 'closed' },
    { period: '2025-01', city: '大连市', status: 'closed' },
    { period: '2025-02', city: '沈阳市', status: 'closed' },
    { period: '2025-02', city: '大连市', status: 'submitted' },
    { period: '2025-03', city: '沈阳市', status: 'open' },
    { period: '2025-03', city: '大连市', status: 'closed' },
  ]
  it('lays cities by months', () => {
    const g = groupPeriods(items)
    expect(g.months).toEqual(['2025-01', '2025-02', '2025-03'])
    expect(g.cities).toEqual(['沈阳市', '大连市'])
    expect(g.cell('大连市', '2025-02').status).toBe('submitted')
    expect(g.cell('鞍山市', '2025-02').status).toBe('open')
  })
  it('says which months are closed everywhere or in one city', () => {
    expect(monthSummary(items)).toEqual({ closed: ['2025-01'], submitted: ['2025-02'] })
    expect(monthSummary(items, '沈阳市')).toEqual({ closed: ['2025-01', '2025-02'], submitted: [] })
  })
})
