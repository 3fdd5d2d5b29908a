import { describe, expect, it } from 'vitest'
import { changedFigures, filledValues, lastMonth, monthName, previousMonth } from './months.js'

describe('months', () => {
  it('steps back across the year', () => {
    expect(previousMonth('2025-01')).toBe('2024-12')
    expect(previousMonth('2025-10')).toBe('2025-09')
    expect(lastMonth(new Date(2026, 0, 15))).toBe('2025-12')
    expect(monthName('2025-05')).toBe('2025年5月')
    expect(monthName('')).toBe('')
  })
  it('finds the figures a save would correct, and the figures to send', () => {
    const rows = [
      { code: 'a', recorded: 5.2, value: 4.9 },
      { code: 'b', recorded: 800, value: 800 },
      { code: 'c', recorded: null, value: 3 },
      { code: 'd', recorded: 7, value: null },
      { code: 'e', recorded: null, value: undefined },
    ]
    expect(changedFigures(rows).map((r) => r.code)).toEqual(['a'])
    expect(filledValues(rows)).toEqual({ a: 4.9, b: 800, c: 3 })
  })
})
