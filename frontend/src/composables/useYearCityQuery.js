// The year and city a page of figures shows, kept in the URL so that a link or a bookmark opens
// the same figures. A user bound to a city starts on it and cannot choose another.
import { computed, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { session } from '../store.js'
import { cleanQuery } from '../utils/links.js'

export const FIRST_YEAR = 2023

// yearOptions lists the years to choose from, newest first: the first plan year to next year.
export function yearOptions(thisYear = new Date().getFullYear()) {
  return Array.from({ length: thisYear + 2 - FIRST_YEAR }, (_, i) => FIRST_YEAR + i).reverse()
}

// extra names further text parameters the page keeps in the URL beside year and city
// (e.g. ['as_of', 'goal']); each comes back as a ref under its name in `params`.
// Every change to year, city or an extra parameter replaces the URL's query.
export function useYearCityQuery(extra = []) {
  const route = useRoute()
  const router = useRouter()
  const text = (v) => (typeof v === 'string' ? v : '')
  const years = yearOptions()
  const cityFixed = computed(() => !!session.user?.city)
  const year = ref(String(route.query.year || new Date().getFullYear()))
  const city = ref(typeof route.query.city === 'string' ? route.query.city : session.user?.city || '')
  const params = Object.fromEntries(extra.map((name) => [name, ref(text(route.query[name]))]))

  function query() {
    const q = { year: year.value, city: city.value }
    for (const name of extra) q[name] = params[name].value
    return cleanQuery(q)
  }

  function syncURL() {
    router.replace({ query: query() })
  }

  watch([year, city, ...Object.values(params)], syncURL)

  return { years, year, city, cityFixed, params, query, syncURL }
}
