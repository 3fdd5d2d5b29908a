// The record lists an official opens from the dashboard's goal cards and from the menu, on a demo
// database of three years at a small scale, held to their budget.
//
// The goal is 300 ms from the click to the rows. Of that budget the server's share is at most
// 100 ms, in at most three API calls: those are what this test holds, since they do not depend on
// how busy the machine is. The server's share is what its answers' Server-Timing headers say; a
// list over budget is opened again, up to three times in all, and the cheapest opening counts.
// Beside them the test reports the browser's share (the main thread's CPU time, Chrome's
// ThreadTime) and the time the clock showed, in e2e/artifacts/list-budget.json and on its output,
// for BENCHMARKS.md.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, FRONTEND_DIR } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

const SERVER_BUDGET_MS = 100
const MAX_CALLS = 3
const TRIES = 3
const YEAR = 2024
const DASH = `/dashboard?year=${YEAR}&as_of=${YEAR}-12-31`
const MENU = ['招聘会', '岗位', '用人单位', '走访服务', '就业登记', '毕业生台账', '报名审核']

let server, browser

before(async () => {
  server = await startServer({ demo: ['--scale', '0.05', '--years', '2023-2025'] })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// listShown waits until the page's list has its rows (or says it is empty) and nothing loads.
async function listShown(page) {
  await page.waitForFunction(() => {
    const tables = [...document.querySelectorAll('.el-main .el-table')].filter((t) => t.checkVisibility())
    if (tables.length === 0) return false
    if ([...document.querySelectorAll('.el-loading-mask')].some((m) => m.checkVisibility())) return false
    return tables.some((t) => t.querySelector('.el-table__row') || t.querySelector('.el-table__empty-text'))
  }, undefined, { polling: 'raf', timeout: 30000 })
}

// threadTime is the main thread's CPU time so far, in milliseconds.
async function threadTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000
}

// timeOpen opens a list and answers what the opening cost: the server's time and API calls, the
// browser's CPU time and the clock's time.
async function timeOpen(page, cdp, open) {
  await page.evaluate(() => performance.clearResourceTimings())
  const cpu0 = await threadTime(cdp)
  const t0 = Date.now()
  await open()
  await listShown(page)
  const wall = Date.now() - t0
  const cpu = Math.round((await threadTime(cdp)) - cpu0)
  const calls = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/'))
    .map((e) => ({ url: e.name.replace(location.origin, ''), ms: e.serverTiming.find((t) => t.name === 'app')?.duration })))
  assert.ok(calls.every((c) => c.ms !== undefined), `an API answer without Server-Timing: ${JSON.stringify(calls)}`)
  return { server: Math.round(calls.reduce((sum, c) => sum + c.ms, 0)), calls: calls.length, cpu, wall, api: calls.map((c) => c.url) }
}

test('the record lists open within their budget', async () => {
  const { page, finish } = await openPage(browser, server.url)
  await login(page, 'demo_admin', 'Liaoning2025')
  const timings = []

  // Every goal card that links to its records, and every list of the menu.
  await page.goto(DASH)
  await page.locator('[data-goal]').first().waitFor()
  const codes = await page.locator('[data-goal]:has(a[data-test=goal-actual])').evaluateAll((cards) => cards.map((c) => c.dataset.goal))
  assert.ok(codes.length >= 8, `only ${codes.length} goal cards link to records`)

  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const over = (t) => t.server > SERVER_BUDGET_MS || t.calls > MAX_CALLS
  // cheapest opens a list from the dashboard, once its charts have settled, up to TRIES times
  // while it is over budget.
  const cheapest = async (from, open) => {
    let best = null
    for (let i = 0; i < TRIES && (!best || over(best)); i++) {
      if (!page.url().includes('/dashboard')) await page.goto(DASH)
      await page.locator('[data-goal]').first().waitFor()
      await page.waitForTimeout(1500)
      const t = await timeOpen(page, cdp, open)
      if (!best || t.server < best.server) best = { from, url: page.url().replace(server.url, ''), ...t }
      await page.goBack()
    }
    timings.push(best)
  }
  for (const code of codes) {
    await cheapest(`目标卡片 ${code}`, () => page.locator(`[data-goal=${code}] a[data-test=goal-actual]`).click())
  }
  for (const item of MENU) {
    await cheapest(`菜单 ${item}`, () => page.locator('.el-menu-item', { hasText: item }).first().click())
  }

  mkdirSync(join(FRONTEND_DIR, 'e2e', 'artifacts'), { recursive: true })
  writeFileSync(join(FRONTEND_DIR, 'e2e', 'artifacts', 'list-budget.json'), JSON.stringify(timings, null, 2))
  for (const t of timings) {
    console.log(`server ${String(t.server).padStart(4)} ms in ${t.calls} calls, browser CPU ${String(t.cpu).padStart(4)} ms, clock ${String(t.wall).padStart(5)} ms  ${t.from}  ${t.url}`)
  }
  assert.deepEqual(timings.filter(over), [], `lists over the server's budget (${SERVER_BUDGET_MS} ms in at most ${MAX_CALLS} API calls)`)
  await finish('list-budget')
})
