import { describe, it, expect, vi, afterEach } from 'vitest'
import { api, buildURL, request, setUnauthenticatedHandler } from './api.js'

function answer(status, body) {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: new Headers(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    json: async () => body,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthenticatedHandler(null)
})

describe('buildURL', () => {
  it('prefixes /api/v1 and drops empty filters', () => {
    expect(buildURL('/fairs', { year: 2023, city: '', status: null, page: 1 })).toBe('/api/v1/fairs?year=2023&page=1')
    expect(buildURL('/placements', { city: '大连市' })).toBe('/api/v1/placements?city=%E5%A4%A7%E8%BF%9E%E5%B8%82')
    expect(buildURL('/me')).toBe('/api/v1/me')
  })
})

describe('request', () => {
  it('sends the CSRF header and JSON on writes', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 7 }))
    vi.stubGlobal('fetch', fetch)
    expect(await api.post('/fairs', { title: 'x' })).toEqual({ id: 7 })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/fairs')
    expect(init.method).toBe('POST')
    expect(init.headers['X-Requested-With']).toBe('XMLHttpRequest')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.credentials).toBe('same-origin')
    expect(JSON.parse(init.body)).toEqual({ title: 'x' })
  })

  it('answers null for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(204)))
    expect(await api.del('/jobs/1')).toBeNull()
  })

  it('throws the mapped envelope with fields', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(422, { error: { code: 'validation_failed', message: '数据有误', fields: { ends_at: '结束时间不能早于开始时间' } } })))
    await expect(api.post('/fairs', {})).rejects.toMatchObject({ status: 422, message: '数据有误', fields: { ends_at: '结束时间不能早于开始时间' } })
  })

  it('calls the 401 handler unless told not to', async () => {
    const onAuth = vi.fn()
    setUnauthenticatedHandler(onAuth)
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } })))
    await expect(api.get('/placements')).rejects.toMatchObject({ status: 401 })
    expect(onAuth).toHaveBeenCalledTimes(1)
    await expect(request('POST', '/auth/login', { body: {}, quiet401: true })).rejects.toMatchObject({ status: 401 })
    expect(onAuth).toHaveBeenCalledTimes(1)
  })

  it('turns a network failure into a message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    await expect(api.get('/fairs')).rejects.toMatchObject({ status: 0, message: '无法连接服务器，请检查网络后重试' })
  })

  it('uploads a file as multipart without a JSON type', async () => {
    const fetch = vi.fn(async () => answer(201, { imported: 3 }))
    vi.stubGlobal('fetch', fetch)
    const file = new Blob(['a,b\n'], { type: 'text/csv' })
    expect(await api.upload('/placements/import', file)).toEqual({ imported: 3 })
    const [, init] = fetch.mock.calls[0]
    expect(init.body).toBeInstanceOf(FormData)
    expect(init.body.get('file')).toBeTruthy()
    expect(init.headers['Content-Type']).toBeUndefined()
    expect(init.headers['X-Requested-With']).toBe('XMLHttpRequest')
  })
})
