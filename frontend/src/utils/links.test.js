import { describe, it, expect } from 'vitest'
import { recordsRoute, cleanQuery } from './links.js'

describe('recordsRoute', () => {
  it('maps list paths to pages with the same filters', () => {
    expect(recordsRoute('/api/v1/placements?year=2023&group=reemployed')).toEqual({ path: '/placements', query: { year: '2023', group: 'reemployed' } })
    expect(recordsRoute('/api/v1/jobs?year=2023&for_graduates=true&city=%E5%A4%A7%E8%BF%9E%E5%B8%82')).toEqual({ path: '/jobs', query: { year: '2023', for_graduates: 'true', city: '大连市' } })
    expect(recordsRoute('/api/v1/fairs?year=2023&status=held&programme=public_service')).toEqual({ path: '/fairs', query: { year: '2023', status: 'held', programme: 'public_service' } })
    expect(recordsRoute('/api/v1/fairs?year=2024&to=2024-06-30&status=held&kind=special')).toEqual({ path: '/fairs', query: { year: '2024', to: '2024-06-30', status: 'held', kind: 'special' } })
    expect(recordsRoute('/api/v1/visits?year=2024&to=2024-06-30&city=%E6%B2%88%E9%98%B3%E5%B8%82')).toEqual({ path: '/visits', query: { year: '2024', to: '2024-06-30', city: '沈阳市' } })
  })
  it('maps the graduate rates to the ledger with their filters', () => {
    expect(recordsRoute('/api/v1/graduates?year=2024')).toEqual({ path: '/graduates', query: { year: '2024' } })
    expect(recordsRoute('/api/v1/graduates?year=2024&to=2024-06-30&needy_family=true&wants_job=true&city=%E5%A4%A7%E8%BF%9E%E5%B8%82'))
      .toEqual({ path: '/graduates', query: { year: '2024', to: '2024-06-30', needy_family: 'true', wants_job: 'true', city: '大连市' } })
  })
  it('maps reported figures to the reports page', () => {
    expect(recordsRoute('/api/v1/goals/unemployment_rate/reports?year=2023')).toEqual({ path: '/reports', query: { year: '2023', goal: 'unemployment_rate' } })
  })
  it('drops empty filters and refuses unknown paths', () => {
    expect(recordsRoute('/api/v1/placements?year=2023&city=')).toEqual({ path: '/placements', query: { year: '2023' } })
    expect(recordsRoute('/api/v1/unknown')).toBeNull()
    expect(recordsRoute('')).toBeNull()
    expect(recordsRoute(null)).toBeNull()
  })
})

describe('cleanQuery', () => {
  it('keeps set values only', () => {
    expect(cleanQuery({ a: '', b: null, c: 0, d: 'x', e: [], f: ['y'], g: false })).toEqual({ c: 0, d: 'x', f: ['y'], g: false })
  })
})
