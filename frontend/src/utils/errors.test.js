import { describe, it, expect } from 'vitest'
import { mapError, flattenRows, ApiError, fallbackMessage } from './errors.js'

describe('mapError', () => {
  it('reads message and fields from the envelope', () => {
    const m = mapError(422, { error: { code: 'validation_failed', message: '提交的数据有误', fields: { credit_code: '统一社会信用代码校验位错误' } } })
    expect(m).toMatchObject({ status: 422, code: 'validation_failed', message: '提交的数据有误', fields: { credit_code: '统一社会信用代码校验位错误' }, rows: [], badRows: 0 })
  })
  it('flattens import rows and keeps the total of bad rows', () => {
    const m = mapError(422, { error: { code: 'validation_failed', message: '导入失败', rows: [
      { row: 7, fields: { id_number: '身份证号码校验位错误', city: '城市无效' } },
      { row: 3, fields: { placed_on: '日期格式错误' } },
    ], bad_rows: 12 } })
    expect(m.rows).toEqual([
      { row: 3, field: 'placed_on', message: '日期格式错误' },
      { row: 7, field: 'id_number', message: '身份证号码校验位错误' },
      { row: 7, field: 'city', message: '城市无效' },
    ])
    expect(m.badRows).toBe(12)
  })
  it('counts bad rows when the server gives no total', () => {
    const m = mapError(422, { error: { code: 'validation_failed', message: 'x', rows: [{ row: 2, field: 'city', message: 'a' }, { row: 2, field: 'groups', message: 'b' }] } })
    expect(m.rows).toHaveLength(2)
    expect(m.badRows).toBe(1)
  })
  it('keeps the id of a conflicting record', () => {
    expect(mapError(409, { error: { code: 'conflict', message: '该人员本年度已登记', id: 42 } }).id).toBe(42)
  })
  it.each([
    [401, '请先登录'],
    [403, '没有权限执行此操作'],
    [404, '记录不存在或无权查看'],
    [429, '尝试次数过多，请稍后再试'],
    [502, '服务器内部错误，请稍后重试'],
    [0, '无法连接服务器，请检查网络后重试'],
  ])('falls back to a message for %s without an envelope', (status, msg) => {
    const m = mapError(status, null)
    expect(m.message).toBe(msg)
    expect(m.fields).toEqual({})
    expect(m.rows).toEqual([])
  })
  it('prefers the server message for 429', () => {
    expect(mapError(429, { error: { code: 'rate_limited', message: '账号已锁定，请15分钟后再试' } }).message).toBe('账号已锁定，请15分钟后再试')
  })
  it('ignores a non-envelope body', () => {
    expect(mapError(500, { oops: true }).message).toBe(fallbackMessage(500))
    expect(mapError(418, 'teapot').message).toBe('请求失败（418）')
  })
})

describe('flattenRows and ApiError', () => {
  it('handles empty input', () => {
    expect(flattenRows(undefined)).toEqual([])
    expect(flattenRows([{ row: 4, fields: {}, message: '空行' }])).toEqual([{ row: 4, field: '', message: '空行' }])
  })
  it('carries the mapping', () => {
    const e = new ApiError(mapError(403, { error: { code: 'forbidden', message: '无权访问其他城市的数据' } }))
    expect(e).toBeInstanceOf(Error)
    expect(e.message).toBe('无权访问其他城市的数据')
    expect(e.status).toBe(403)
    expect(e.code).toBe('forbidden')
  })
})
