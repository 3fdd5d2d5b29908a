// A city's official reports a month on one page: every reported goal with last month's figure
// beside it, saved in one go; changing a recorded figure asks first and marks it corrected; then
// the month is submitted and the form locks. An admin carries last year's goals into a new year.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client, ADMIN_PASSWORD } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, sy, syClient
const MONTH = '2025-05'
const PREV = '2025-04'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  sy = await server.admin.createUser({ username: 'sy_monthly', role: 'official', city: '沈阳市', organisation: '沈阳市人力资源和社会保障局' })
  syClient = await Client.login(server.url, sy.username, sy.password)
  await syClient.call('PUT', `/reports/${PREV}`, { city: '沈阳市', values: { urban_unemployment_rate: 5.3, subsidised_training: 9000 } })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const input = (page, code) => page.locator(`[data-test="value-${code}"] input`)

test('a city official fills a month, corrects a figure with confirmation, and submits the month', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, sy.username, sy.password)
  await page.waitForURL('**/dashboard**')
  await page.getByRole('menuitem', { name: '月度填报' }).click()
  await page.waitForURL('**/reports**')
  await page.goto(`/reports?period=${MONTH}`)
  const table = page.locator('[data-test=report-table]')
  // The table is drawn before the figures arrive: wait for a row before counting them.
  const prev = page.locator('[data-test="prev-urban_unemployment_rate"]')
  await prev.waitFor()
  // Every reported goal of the year is on the page, last month's figure beside it.
  assert.ok(await table.locator('tbody tr').count() >= 10, 'every reported goal is listed')
  assert.equal((await prev.innerText()).trim(), '5.3')
  assert.match(await page.locator('[data-test=report-status]').innerText(), /沈阳市2025年5月/)

  await input(page, 'urban_unemployment_rate').fill('5.2')
  await input(page, 'subsidised_training').fill('12000')
  await page.locator('[data-test=report-save]').click()
  await page.locator('.el-message--success').first().waitFor()
  await page.locator('[data-test=report-table]', { hasText: 'sy_monthly' }).waitFor()
  assert.match(await page.locator('[data-test=report-status]').innerText(), /已填 2 项/)

  // Changing a recorded figure asks first; cancelling changes nothing.
  await input(page, 'urban_unemployment_rate').fill('4.9')
  await page.locator('[data-test=report-save]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /城镇调查失业率：5\.2 → 4\.9/)
  await box.getByRole('button', { name: '取消' }).click()
  await box.waitFor({ state: 'hidden' })
  assert.equal(await page.locator('[data-test="corrected-urban_unemployment_rate"]').count(), 0)
  await page.locator('[data-test=report-save]').click()
  await box.waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  const tag = page.locator('[data-test="corrected-urban_unemployment_rate"]')
  await tag.waitFor()
  assert.match(await tag.innerText(), /已更正 · 原值 5\.2/)
  assert.equal(await page.locator('[data-test="corrected-subsidised_training"]').count(), 0)
  const listed = await syClient.get(`/reports?period=${MONTH}&city=沈阳市&goal=urban_unemployment_rate`)
  assert.equal(listed.items[0].value, 4.9)
  assert.equal(listed.items[0].previous_value, 5.2)

  // Submitting the month locks the form.
  await page.locator('[data-test=report-submit]').click()
  await box.waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  await page.locator('[data-test=report-period-status]', { hasText: '已上报' }).waitFor()
  assert.ok(await input(page, 'subsidised_training').isDisabled(), 'a submitted month cannot be edited')
  assert.equal(await page.locator('[data-test=report-submit]').count(), 0)
  await t.finish('monthly-report')
})

test('a province official sees the month among those to close, and closes it', async () => {
  const prov = await server.admin.createUser({ username: 'prov_monthly', role: 'official', organisation: '辽宁省人力资源和社会保障厅' })
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, prov.username, prov.password)
  await page.waitForURL('**/dashboard**')
  await page.getByRole('menuitem', { name: '催报' }).click()
  await page.waitForURL('**/overdue')
  // The table is drawn before the months arrive: wait for an overdue month before reading it.
  const overdue = page.locator('[data-test=overdue-table] .el-tag', { hasText: /逾期 \d+ 天/ }).first()
  await overdue.waitFor()
  assert.match(await overdue.innerText(), /逾期 \d+ 天/)
  await page.getByText('已上报待结账').click()
  await page.locator(`[data-test="overdue-close-沈阳市-${MONTH}"]`).click()
  await page.locator('.el-message--success', { hasText: '已结账' }).waitFor()
  const periods = await syClient.get('/periods?year=2025&city=沈阳市')
  assert.equal(periods.items.find((p) => p.period === MONTH).status, 'closed')
  await t.finish('monthly-overdue')
})

test('an admin carries last year\'s goals, city targets included, into a year without goals', async () => {
  const thisYear = new Date().getFullYear()
  const last = thisYear - 1
  // A city target of last year, so that the rollover has one to carry.
  const goals = await server.admin.get(`/goals?year=${last}&page_size=500`)
  if (!goals.items.length) {
    // The seeds' plan ends with 2025: give last year a goal of its own with a city target.
    await server.admin.post('/goals', { code: 'special_fairs', name: '专场招聘会', scope: 'province', year_from: last, year_to: last,
      target: 1000, unit: '场', comparison: 'at_least', source: 'computed' })
  }
  await server.admin.post('/goals', { code: 'special_fairs', name: '专场招聘会', scope: '沈阳市', year_from: last, year_to: last,
    target: 90, unit: '场', comparison: 'at_least', source: 'computed' })
  const before = await server.admin.get(`/goals?year=${thisYear}&page_size=500`)
  assert.equal(before.items.length, 0, `${thisYear} starts without goals`)

  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, 'admin', ADMIN_PASSWORD)
  // The dashboard opens on the latest year with goals and says why.
  await page.goto('/dashboard')
  const note = page.locator('[data-test=year-note]')
  await note.waitFor()
  assert.match(await note.innerText(), new RegExp(`${thisYear}年尚未设置目标，以下显示${last}年`))

  await page.goto(`/goals?year=${thisYear}`)
  await page.locator('[data-test=empty-year]').waitFor()
  await page.locator('[data-test=rollover-empty]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  const result = page.locator('[data-test=rollover-result]')
  await result.waitFor()
  assert.match(await result.innerText(), /其中分市目标 1 项/)
  await page.locator('[data-test=goals-table]').waitFor()
  assert.ok(await page.locator('[data-test=carried-tag]').count() > 0, 'carried goals are marked 沿用')
  const after = await server.admin.get(`/goals?year=${thisYear}&page_size=500`)
  assert.ok(after.items.every((g) => g.carried_forward))
  assert.ok(after.items.some((g) => g.scope === '沈阳市' && g.target === 90))

  // A second rollover creates nothing.
  await page.locator('[data-test=rollover]').click()
  await box.waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  await page.locator('[data-test=rollover-result]', { hasText: '没有新建目标' }).waitFor()
  assert.equal((await server.admin.get(`/goals?year=${thisYear}&page_size=500`)).items.length, after.items.length)
  await t.finish('goals-rollover')
})
