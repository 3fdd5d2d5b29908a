// The dashboard's print layout (A4, the goal table and two charts, title, date and city) and its
// full-screen 大屏 mode render with no console error, and 大屏 refreshes by itself.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, official

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  official = await server.admin.createUser({ username: 'official_print', role: 'official' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the print layout holds the title, the goal table and two charts, and prints without the menu', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, official.username, official.password)
  await page.goto('/dashboard/print?year=2025&as_of=2025-06-30')
  const report = page.locator('[data-test=print-report]')
  await report.getByText('2025年辽宁省人社领域三年行动目标完成情况（全省）').waitFor()
  await report.getByText('统计截至 2025-06-30').waitFor()
  const rows = await page.locator('[data-test=print-goals] tbody tr').count()
  assert.ok(rows >= 10, `the goal table lists the year's goals (${rows})`)
  assert.equal(await page.locator('.print-report canvas').count(), 2, 'two charts')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print]').isVisible(), false, 'the buttons are not printed')
  await page.pdf({ format: 'A4' })
  await t.finish('report-print')
})

test('大屏 shows the goals full screen and reloads them by itself', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await page.clock.install()
  await login(page, official.username, official.password)
  let rollups = 0
  page.on('request', (r) => { if (r.url().includes('/api/v1/rollup?')) rollups++ })
  await page.goto('/dashboard/screen?year=2025')
  await page.locator('[data-test=screen-goals] .card').first().waitFor()
  assert.equal(await page.locator('.app-aside').count(), 0, 'no menu on the screen')
  const before = rollups
  await page.clock.runFor(5 * 60 * 1000 + 1000)
  await page.waitForFunction((n) => n, true)
  await page.waitForTimeout(500)
  assert.ok(rollups > before, 'the screen refreshed itself')
  await t.finish('report-screen')
})
