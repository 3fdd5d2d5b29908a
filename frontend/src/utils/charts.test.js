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
