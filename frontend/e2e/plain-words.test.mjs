// What people read is in their words: a list narrowed by a goal card's link says so in Chinese,
// and the audit log names record types and changed fields in Chinese, never their codes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, official

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  official = await server.admin.createUser({ username: 'official_words', role: 'official' })
  await server.admin.post('/goals/urban_unemployment_rate/reports', { period: '2025-03', city: '', value: 4.8 })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a list narrowed by a link names its filters in words', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, official.username, official.password)
  await page.goto('/fairs?year=2025&status=held&programme=new_forms&to=2025-06-30')
  const chip = page.locator('.filters .el-tag').filter({ hasText: '截至2025-06-30' })
  await chip.waitFor()
  assert.equal((await chip.innerText()).trim(), '截至2025-06-30')
  assert.doesNotMatch(await page.locator('.filters').innerText(), /to=|其他筛选/)
  await t.finish('plain-words-filters')
})

test('the audit log speaks of records and fields in Chinese', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, 'admin', (await import('./server.mjs')).ADMIN_PASSWORD)
  await page.goto('/audit')
  const table = page.locator('[data-test=audit-table]')
  await table.getByText('月度填报').first().waitFor()
  const body = await table.innerText()
  assert.doesNotMatch(body, /goal_report/)
  await t.finish('plain-words-audit')
})
