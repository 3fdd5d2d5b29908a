import { describe, it, expect } from 'vitest'
import { monthsOption, citiesOption, groupsOption, rankedCities } from './charts.js'

describe('charts', () => {
  it('draws the months with the target line', () => {
    const o = monthsOption({ target: 1000, items: [{ month: '2025-01', actual: 80, cumulative: 80, pace: 85 }, { month: '2025-02', actual: 60, cumulative: 140, pace: 162 }] })
    expect(o.xAxis.data).toEqual(['1月', '2月'])
    expect(o.series[1].data).toEqual([80, 140])
    expect(o.series[1].markLine.data).toEqual([{ yAxis: 1000 }])
    expect(monthsOption(null)).toEqual({})
  })

  it('labels a rate goal in percent as it comes, a share as a fraction', () => {
    const rate = { code: 'graduate_followup_rate', kind: 'rate', unit: '%' }
    const o = monthsOption({ target: 90, items: [{ month: '2024-07', actual: 97.35, cumulative: 97.35, pace: null }] }, rate)
    expect(o.tooltip.valueFormatter(97.35)).toBe('97.35%')
    expect(o.yAxis.axisLabel.formatter(90)).toBe('90%')
    expect(o.series[1].markLine.label.formatter).toBe('目标 90%')
    const c = citiesOption([{ city: '沈阳市', rank: 1, actual: 97.35, target: null, completion: null }], rate, false)
    expect(c.series[0].label.formatter({ dataIndex: 0 })).toBe('97.35%')
    expect(monthsOption({ items: [] }, { kind: 'share' }).tooltip.valueFormatter(0.75)).toBe('75%')
    expect(monthsOption({ items: [] }, { kind: 'count', unit: '人' }).tooltip.valueFormatter(12345)).toBe('1.23万')
  })

  it('ranks the cities and falls back to actual figures without targets', () => {
    const items = [{ city: '大连市', rank: 2, actual: 50, target: null, completion: null }, { city: '沈阳市', rank: 1, actual: 80, target: null, completion: null }]
    const { sorted, byCompletion } = rankedCities(items)
    expect(sorted.map((x) => x.city)).toEqual(['沈阳市', '大连市'])
    expect(byCompletion).toBe(false)
    const o = citiesOption(sorted, {}, byCompletion)
    expect(o.yAxis.data).toEqual(['大连市', '沈阳市'])
    expect(o.series[0].data.map((d) => d.value)).toEqual([50, 80])
  })

  it('keeps the group labels inside the ring and the legend below it', () => {
    const o = groupsOption([{ name: '高校毕业生', count: 120, code: 'graduate' }])
    expect(o.legend.bottom).toBe(0)
    expect(o.legend.orient).toBe('horizontal')
    expect(o.series[0].label.position).toBe('inside')
    expect(o.series[0].data[0]).toEqual({ name: '高校毕业生', value: 120, code: 'graduate' })
  })
})
