import { describe, it, expect, afterEach } from 'vitest'
import { createApp, effectScope, nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useYearCityQuery, yearOptions } from './useYearCityQuery.js'
import { session } from '../store.js'

let scope

// open runs the composable for a page opened at url, as a view's setup would.
async function open(url, extra) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/dashboard', component: {} }] })
  await router.push(url)
  const app = createApp({})
  app.use(router)
  scope = effectScope()
  const q = app.runWithContext(() => scope.run(() => useYearCityQuery(extra)))
  return { q, router }
}

// settled waits for the watchers and the router's replace.
async function settled() {
  await nextTick()
  await new Promise((r) => setTimeout(r, 0))
}

afterEach(() => {
  scope?.stop()
  session.user = null
})

describe('useYearCityQuery', () => {
  it('reads year, city and the extra parameters from the URL', async () => {
    const { q } = await open('/dashboard?year=2024&city=大连市&as_of=2024-06-30&goal=new_urban_jobs', ['as_of', 'goal'])
    expect(q.year.value).toBe('2024')
    expect(q.city.value).toBe('大连市')
    expect(q.params.as_of.value).toBe('2024-06-30')
    expect(q.params.goal.value).toBe('new_urban_jobs')
    expect(q.query()).toEqual({ year: '2024', city: '大连市', as_of: '2024-06-30', goal: 'new_urban_jobs' })
  })

  it('starts on this year, the whole province and empty extras', async () => {
    const { q } = await open('/dashboard', ['goal'])
    expect(q.year.value).toBe(String(new Date().getFullYear()))
    expect(q.city.value).toBe('')
    expect(q.cityFixed.value).toBe(false)
    expect(q.params.goal.value).toBe('')
    expect(q.query()).toEqual({ year: String(new Date().getFullYear()) })
  })

  it('starts a user bound to a city on that city', async () => {
    session.user = { id: 5, role: 'official', city: '鞍山市' }
    const { q } = await open('/dashboard?year=2025', [])
    expect(q.city.value).toBe('鞍山市')
    expect(q.cityFixed.value).toBe(true)
  })

  it('keeps a city given in the URL over the user city', async () => {
    session.user = { id: 5, role: 'official', city: '鞍山市' }
    const { q } = await open('/dashboard?city=大连市', [])
    expect(q.city.value).toBe('大连市')
  })

  it('ignores a parameter given twice', async () => {
    const { q } = await open('/dashboard?city=a&city=b&goal=x&goal=y', ['goal'])
    expect(q.city.value).toBe('')
    expect(q.params.goal.value).toBe('')
  })

  it('writes every change into the URL and drops empty values', async () => {
    const { q, router } = await open('/dashboard?year=2024&city=大连市&goal=a', ['as_of', 'goal'])
    q.year.value = '2023'
    await settled()
    expect(router.currentRoute.value.query).toEqual({ year: '2023', city: '大连市', goal: 'a' })
    q.city.value = ''
    q.params.as_of.value = '2023-05-31'
    await settled()
    expect(router.currentRoute.value.query).toEqual({ year: '2023', as_of: '2023-05-31', goal: 'a' })
    q.params.goal.value = 'b'
    await settled()
    expect(router.currentRoute.value.query).toEqual({ year: '2023', as_of: '2023-05-31', goal: 'b' })
    expect(router.currentRoute.value.path).toBe('/dashboard')
  })

  it('leaves the URL alone until something changes', async () => {
    const { router } = await open('/dashboard?goal=a', ['goal'])
    await settled()
    expect(router.currentRoute.value.query).toEqual({ goal: 'a' })
  })
})

describe('yearOptions', () => {
  it('lists the plan years up to next year, newest first', () => {
    expect(yearOptions(2025)).toEqual([2026, 2025, 2024, 2023])
    expect(yearOptions(2023)).toEqual([2024, 2023])
  })
})
