// Session and reference data shared by the pages.
import { reactive } from 'vue'
import { api } from './api.js'

const HINT = 'jobfair.user'

export const session = reactive({ user: null, checked: false })

function readHint() {
  try {
    return JSON.parse(localStorage.getItem(HINT) || 'null')
  } catch {
    return null
  }
}

function writeHint(user) {
  try {
    if (user) localStorage.setItem(HINT, JSON.stringify(user))
    else localStorage.removeItem(HINT)
  } catch {
    /* private mode: the hint is only an optimisation */
  }
}

// loadSession asks the server who is logged in. The session cookie is HttpOnly, so a hint in
// localStorage says whether asking makes sense; visitors who never logged in make no call.
export async function loadSession() {
  if (session.checked) return session.user
  if (readHint()) {
    try {
      setUser(await api.get('/me', null, { quiet401: true }))
    } catch {
      setUser(null)
    }
  }
  session.checked = true
  return session.user
}

export function setUser(user) {
  session.user = user || null
  writeHint(session.user ? { id: user.id, username: user.username } : null)
}

export async function login(username, password) {
  const res = await api.post('/auth/login', { username, password }, { quiet401: true })
  setUser(res.user)
  session.checked = true
  return res.user
}

export async function logout() {
  try {
    await api.post('/auth/logout', {}, { quiet401: true })
  } finally {
    setUser(null)
  }
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}

// homeOf is where each role lands after login.
export function homeOf(user) {
  if (!user) return '/public/fairs'
  switch (user.role) {
    case 'admin':
    case 'official':
      return '/dashboard'
    case 'organiser':
      return '/fairs'
    case 'employer':
      return '/my/jobs'
    default:
      return '/account'
  }
}

// Reference lists (cities, programmes, person groups, education levels), loaded once.
export const refs = reactive({ cities: [], programmes: [], groups: [], educations: [], loaded: false })
let refsPromise = null

export function loadRefs() {
  if (!refsPromise) {
    refsPromise = Promise.all(['cities', 'programmes', 'groups', 'educations'].map((k) => api.get('/public/' + k)))
      .then(([c, p, g, e]) => {
        refs.cities = c.items || []
        refs.programmes = p.items || []
        refs.groups = g.items || []
        refs.educations = e.items || []
        refs.loaded = true
        return refs
      })
      .catch((err) => {
        refsPromise = null
        throw err
      })
  }
  return refsPromise
}

export function nameOf(list, code) {
  return refs[list].find((x) => x.code === code)?.name ?? code
}
