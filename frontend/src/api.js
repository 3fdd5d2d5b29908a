// The one client of the server: every call goes to /api/v1, carries the session cookie and
// the X-Requested-With header the server asks of cookie-authenticated writes, and turns
// error answers into ApiError (message, fields, rows).
import { ApiError, mapError } from './utils/errors.js'
import { cleanQuery } from './utils/links.js'

export const BASE = '/api/v1'

let onUnauthenticated = null

// setUnauthenticatedHandler registers what happens on a 401 (the app sends people to login).
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}

export function buildURL(path, query) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(cleanQuery(query))) {
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x))
    else params.append(k, String(v))
  }
  const qs = params.toString()
  return BASE + path + (qs ? (path.includes('?') ? '&' : '?') + qs : '')
}

async function readBody(res) {
  const type = res.headers.get('content-type') || ''
  if (res.status === 204) return null
  if (type.includes('application/json')) {
    try {
      return await res.json()
    } catch {
      return null
    }
  }
  return null
}

// request sends one call. Options: query, body (JSON), form (FormData), quiet401 (do not
// redirect to login, used by the login page and the session probe).
export async function request(method, path, { query, body, form, quiet401 = false, signal } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' }
  let payload
  if (form) payload = form
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(buildURL(path, query), { method, headers, body: payload, credentials: 'same-origin', signal })
  } catch (err) {
    if (err?.name === 'AbortError') throw err
    throw new ApiError(mapError(0, null))
  }
  const data = await readBody(res)
  if (res.ok) return data
  const mapped = mapError(res.status, data)
  if (res.status === 401 && !quiet401 && onUnauthenticated) onUnauthenticated(mapped)
  throw new ApiError(mapped)
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body: body ?? {} }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body: body ?? {} }),
  del: (path, opts) => request('DELETE', path, opts),
  upload: (path, file, field = 'file', query) => {
    const form = new FormData()
    form.append(field, file)
    return request('POST', path, { form, query })
  },
}

function filenameFrom(res, fallback) {
  const cd = res.headers.get('content-disposition') || ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd)
  return plain ? plain[1] : fallback
}

// download fetches a file (Excel export, template) and hands it to the browser, so that a
// refusal shows its message instead of a page of JSON.
export async function download(path, query, fallbackName = 'download') {
  let res
  try {
    res = await fetch(buildURL(path, query), { headers: { 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'same-origin' })
  } catch {
    throw new ApiError(mapError(0, null))
  }
  if (!res.ok) {
    const mapped = mapError(res.status, await readBody(res))
    if (res.status === 401 && onUnauthenticated) onUnauthenticated(mapped)
    throw new ApiError(mapped)
  }
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filenameFrom(res, fallbackName)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return a.download
}
