// A server-paginated list whose filters live in the URL, so that links (dashboard figures,
// bookmarks) open the same list with the same filters.
import { reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api } from '../api.js'
import { cleanQuery } from '../utils/links.js'

export function useList(path, defaults = {}, { pageSize = 20, fixed = () => ({}), sync = true, immediate = true } = {}) {
  const route = useRoute()
  const router = useRouter()
  const currentPath = route.path
  const filters = reactive({ ...defaults })
  const extra = ref({})
  const page = ref(1)
  const size = ref(pageSize)
  const items = ref([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref(null)
  let seq = 0

  function fromRoute() {
    const q = route.query
    const rest = {}
    for (const key of Object.keys(defaults)) filters[key] = defaults[key]
    for (const [k, v] of Object.entries(q)) {
      if (k === 'page') page.value = Number(v) || 1
      else if (k === 'page_size') size.value = Number(v) || pageSize
      else if (k in defaults) filters[k] = Array.isArray(defaults[k]) ? [].concat(v) : v
      else rest[k] = v
    }
    if (!('page' in q)) page.value = 1
    extra.value = rest
  }

  function params() {
    return { ...cleanQuery(extra.value), ...cleanQuery(filters), ...cleanQuery(fixed()), page: page.value, page_size: size.value }
  }

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const data = await api.get(typeof path === 'function' ? path() : path, params())
      if (mine !== seq) return
      items.value = data?.items || []
      total.value = data?.total || 0
    } catch (err) {
      if (mine !== seq) return
      error.value = err
      items.value = []
      total.value = 0
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function pushRoute() {
    const query = { ...cleanQuery(extra.value), ...cleanQuery(filters) }
    if (page.value > 1) query.page = String(page.value)
    if (size.value !== pageSize) query.page_size = String(size.value)
    if (sameQuery(query, route.query)) load()
    else router.replace({ query })
  }

  function search() {
    page.value = 1
    if (sync) pushRoute()
    else load()
  }

  function reset() {
    Object.assign(filters, defaults)
    extra.value = {}
    search()
  }

  function changePage({ page: p, pageSize: s }) {
    page.value = p
    size.value = s
    if (sync) pushRoute()
    else load()
  }

  function clearExtra() {
    extra.value = {}
    search()
  }

  if (sync) {
    fromRoute()
    watch(() => route.query, () => {
      if (route.path !== currentPath) return
      fromRoute()
      load()
    })
  }
  if (immediate) load()

  return { filters, extra, page, size, items, total, loading, error, load, search, reset, changePage, clearExtra, params }
}

function sameQuery(a, b) {
  const norm = (q) => JSON.stringify(Object.keys(q).sort().map((k) => [k, [].concat(q[k]).map(String)]))
  return norm(a) === norm(b)
}
