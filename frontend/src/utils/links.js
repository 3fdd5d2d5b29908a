// Maps an API path that lists records (a goal's `records` field) to the frontend page
// that shows the same list with the same filters.

const PAGES = {
  placements: '/placements',
  jobs: '/jobs',
  fairs: '/fairs',
  employers: '/employers',
  signups: '/signups',
  audit: '/audit',
  visits: '/visits',
  graduates: '/graduates',
}

export function recordsRoute(apiPath) {
  if (!apiPath || typeof apiPath !== 'string') return null
  let url
  try {
    url = new URL(apiPath, 'http://x')
  } catch {
    return null
  }
  const parts = url.pathname.replace(/^\/api\/v1\/?/, '').split('/').filter(Boolean)
  const query = {}
  for (const [k, v] of url.searchParams) if (v !== '') query[k] = v
  if (parts.length === 1 && PAGES[parts[0]]) return { path: PAGES[parts[0]], query }
  if (parts.length === 3 && parts[0] === 'goals' && parts[2] === 'reports') {
    return { path: '/reports', query: { ...query, goal: decodeURIComponent(parts[1]) } }
  }
  return null
}

// cleanQuery drops empty values so that URLs and API calls carry only the filters set.
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) {
    if (v === '' || v === null || v === undefined) continue
    if (Array.isArray(v) && v.length === 0) continue
    out[k] = v
  }
  return out
}
