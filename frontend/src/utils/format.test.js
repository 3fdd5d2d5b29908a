import { describe, it, expect } from 'vitest'
import {
  formatWan, formatPercent, formatNumber, formatGoalValue, formatSalary, formatDate,
  formatDateTime, formatDateRange, toRFC3339, fromRFC3339, toISODate, formatGoalNumber, isLevelGoal,
  statusLabel, statusType, statusColor, labelOf, FAIR_STATUS, FAIR_MODES, describeFilters,
} from './format.js'

describe('formatWan', () => {
  it.each([
    [420000, '42万'],
    [12345, '1.23万'],
    [10000, '1万'],
    [450000, '45万'],
    [1380000, '138万'],
    [9999, '9999'],
    [517, '517'],
    [0, '0'],
    [5.3, '5.3'],
    [-25000, '-2.5万'],
    [123456789, '1.23亿'],
  ])('%s -> %s', (n, want) => expect(formatWan(n)).toBe(want))
  it('shows a dash for missing values', () => {
    expect(formatWan(null)).toBe('—')
    expect(formatWan(undefined)).toBe('—')
  })
})

describe('formatPercent', () => {
  it.each([
    [0.517, '51.7%'],
    [0.5, '50%'],
    [1, '100%'],
    [0.4959, '49.6%'],
    [1.2345, '123.5%'],
    [0, '0%'],
  ])('%s -> %s', (n, want) => expect(formatPercent(n)).toBe(want))
  it('takes digits and shows a dash for null', () => {
    expect(formatPercent(0.49591, 2)).toBe('49.59%')
    expect(formatPercent(null)).toBe('—')
  })
})

describe('formatNumber and goal values', () => {
  it('groups thousands', () => expect(formatNumber(1234567)).toBe('1,234,567'))
  it('shows a count goal in 万 with its unit', () => {
    expect(formatGoalValue(420000, { unit: '个', kind: 'count' })).toBe('42万个')
    expect(formatGoalValue(517, { unit: '场' })).toBe('517场')
  })
  it('shows a share goal as a percentage', () => {
    expect(formatGoalValue(0.75, { kind: 'share', unit: '%' })).toBe('75%')
  })
  it('keeps a rate reported in percent', () => {
    expect(formatGoalValue(5.3, { kind: 'stock', unit: '%' })).toBe('5.3%')
  })
  it('shows a rate goal already in percent as it is, not multiplied again', () => {
    expect(formatGoalValue(97.35, { kind: 'rate', unit: '%' })).toBe('97.35%')
    expect(formatGoalValue(90, { kind: 'rate', unit: '%' })).toBe('90%')
    expect(formatGoalValue(66.666, { kind: 'rate' })).toBe('66.67%')
    expect(formatGoalValue(null, { kind: 'rate', unit: '%' })).toBe('—')
  })
  it('gives charts the number without the unit of a count', () => {
    expect(formatGoalNumber(420000, { unit: '个', kind: 'count' })).toBe('42万')
    expect(formatGoalNumber(0.75, { kind: 'share' })).toBe('75%')
    expect(formatGoalNumber(97.35, { kind: 'rate', unit: '%' })).toBe('97.35%')
    expect(formatGoalNumber(undefined, { kind: 'rate' })).toBe('—')
  })
  it('tells the goals that do not accrue with the year', () => {
    expect(isLevelGoal({ kind: 'share' })).toBe(true)
    expect(isLevelGoal({ kind: 'rate' })).toBe(true)
    expect(isLevelGoal({ kind: 'count' })).toBe(false)
    expect(isLevelGoal({ kind: 'stock' })).toBe(false)
  })
  it('shows a dash for a missing target', () => expect(formatGoalValue(null, { unit: '场' })).toBe('—'))
  it('formats salary ranges', () => {
    expect(formatSalary(5000, 8000)).toBe('5000–8000元/月')
    expect(formatSalary(12000, 20000)).toBe('1.2万–2万元/月')
    expect(formatSalary(0, 0)).toBe('面议')
    expect(formatSalary(6000, null)).toBe('6000元/月起')
  })
})

describe('dates', () => {
  it('keeps plain dates', () => expect(formatDate('2023-06-30')).toBe('2023-06-30'))
  it('shows RFC 3339 times in China time', () => {
    expect(formatDate('2023-06-30T20:00:00Z')).toBe('2023-07-01')
    expect(formatDateTime('2023-06-30T01:30:00Z')).toBe('2023-06-30 09:30')
    expect(formatDateTime('2023-06-30T09:30:00+08:00')).toBe('2023-06-30 09:30')
  })
  it('shows a same-day range once', () => {
    expect(formatDateRange('2023-05-01T09:00:00+08:00', '2023-05-01T17:00:00+08:00')).toBe('2023-05-01 09:00–17:00')
    expect(formatDateRange('2023-05-01T09:00:00+08:00', '2023-05-02T17:00:00+08:00')).toBe('2023-05-01 09:00 至 2023-05-02 17:00')
  })
  it('converts picker values to and from RFC 3339', () => {
    expect(toRFC3339('2023-05-01 09:00:00')).toBe('2023-05-01T09:00:00+08:00')
    expect(toRFC3339('2023-05-01T09:00:00Z')).toBe('2023-05-01T09:00:00Z')
    expect(fromRFC3339('2023-05-01T01:00:00Z')).toBe('2023-05-01 09:00:00')
  })
  it('gives a local ISO date', () => expect(toISODate(new Date(2023, 0, 5))).toBe('2023-01-05'))
  it('shows a dash for empty dates', () => expect(formatDate('')).toBe('—'))
})

describe('status labels and colours', () => {
  it.each([
    ['met', '已完成', 'success'],
    ['ahead', '超序时', 'primary'],
    ['behind', '滞后', 'danger'],
    ['no_data', '暂无数据', 'info'],
    ['no_target', '未设目标', 'warning'],
  ])('%s', (status, label, type) => {
    expect(statusLabel(status)).toBe(label)
    expect(statusType(status)).toBe(type)
    expect(statusColor(status)).toMatch(/^#[0-9a-f]{6}$/)
  })
  it('distinguishes the colours', () => {
    const colours = ['met', 'ahead', 'behind', 'no_data', 'no_target'].map(statusColor)
    expect(new Set(colours).size).toBe(5)
  })
  it('falls back for unknown codes', () => {
    expect(statusLabel('other')).toBe('other')
    expect(statusType('other')).toBe('info')
  })
  it('labels codes from lists and maps', () => {
    expect(labelOf(FAIR_MODES, 'livestream')).toBe('直播带岗')
    expect(labelOf(FAIR_STATUS, 'held')).toBe('已举办')
  })
})

describe('describeFilters', () => {
  it('says the filters of a goal card link in words', () => {
    const names = { programmes: { new_forms: '新就业形态劳动者专场' }, groups: { reemployed: '失业人员再就业' } }
    const nameOf = (list, code) => names[list]?.[code] || code
    expect(describeFilters({ to: '2023-06-30' })).toBe('截至2023-06-30')
    expect(describeFilters({ status: 'held', programme: 'new_forms', to: '2023-06-30' }, nameOf))
      .toBe('已举办，专项活动：新就业形态劳动者专场，截至2023-06-30')
    expect(describeFilters({ from: '2023-01-01', group: 'reemployed', for_graduates: 'true' }, nameOf))
      .toBe('2023-01-01起，人员类别：失业人员再就业，面向高校毕业生')
    expect(describeFilters({ year: '2024', to: '2024-06-30', needy_family: 'true', wants_job: 'true' }))
      .toBe('2024年，截至2024-06-30，困难家庭，有就业意愿')
    expect(describeFilters({ to: '' })).toBe('')
    expect(describeFilters({ unknown: 'x' })).toBe('unknown：x')
  })
})
