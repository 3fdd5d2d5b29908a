// The figures of a report: the rollup of a year (for a city, as of a day), the monthly chart of
// one goal and, province-wide, the ranking of the cities on another. The print layout and the
// meeting-room screen read the dashboard's figures through it.
import { computed, reactive } from 'vue'
import { api } from '../api.js'
import { cleanQuery } from '../utils/links.js'
import { monthsOption, citiesOption, groupsOption, rankedCities } from '../utils/charts.js'

export function useRollupReport() {
  const state = reactive({ loading: false, error: null, rollup: null, months: null, cities: null, groups: null, loadedAt: null })

  const goals = computed(() => state.rollup?.goals || [])
  const goalOf = (code) => goals.value.find((g) => g.code === code) || {}
  // The goal the charts follow: new urban jobs when the year has it, else the first computed goal.
  const chartGoal = computed(() => {
    const codes = goals.value.filter((g) => g.source !== 'reported').map((g) => g.code)
    return codes.includes('new_urban_jobs') ? 'new_urban_jobs' : codes[0] || ''
  })

  async function load({ year, city = '', asOf = '' }, { dark = false } = {}) {
    state.loading = true
    state.error = null
    try {
      state.rollup = await api.get('/rollup', cleanQuery({ year, city, as_of: asOf }))
      const goal = chartGoal.value
      const [months, cities, groups] = await Promise.all([
        goal ? api.get('/rollup/months', cleanQuery({ year, goal, city, as_of: asOf })) : null,
        goal && !city ? api.get('/rollup/cities', cleanQuery({ year, goal, as_of: asOf })) : null,
        api.get('/rollup/groups', cleanQuery({ year, city, as_of: asOf })),
      ])
      state.months = months
      state.cities = cities
      state.groups = groups
      state.loadedAt = new Date()
    } catch (err) {
      state.error = err
    } finally {
      state.loading = false
    }
    state.dark = dark
  }

  const charts = computed(() => {
    const dark = !!state.dark
    const ranked = rankedCities(state.cities?.items)
    const groupItems = (state.groups?.items || []).filter((x) => x.count > 0)
    return {
      months: state.months ? monthsOption(state.months, { ...goalOf(state.months.goal?.code), ...state.months.goal }, { dark }) : null,
      cities: state.cities ? citiesOption(ranked.sorted, { ...goalOf(state.cities.goal?.code), ...state.cities.goal }, ranked.byCompletion, { dark }) : null,
      groups: groupItems.length ? groupsOption(groupItems, { dark }) : null,
    }
  })

  return { state, goals, goalOf, chartGoal, charts, load }
}
