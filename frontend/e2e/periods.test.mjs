// Officials close a month: the city's official submits it on the month grid, the province's
// closes it; the dashboard says so, and an organiser's change to a fair of that month is
// refused with the server's message beside the field.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from './server.mjs'
import { launchBrowser, openPage, login, formItem } from './browser.mjs'

let server, browser, syOfficial, province, org, fair
// A month of last year: ended whatever today is.
const YEAR = new Date().getFullYear() - 1
const MONTH = `${YEAR}-05`

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  syOfficial = await admin.createUser({ username: 'sy_month', role: 'official', city: '沈阳市', organisation: '沈阳市人力资源和社会保障局' })
  province = await admin.createUser({ username: 'prov_month', role: 'official', organisation: '辽宁省人力资源和社会保障厅' })
  org = await admin.createUser({ username: 'org_month', role: 'organiser', city: '沈阳市', organisation: '沈阳市公共就业服务中心' })
  const organiser = await Client.login(server.url, org.username, org.password)
  fair = await organiser.post('/fairs', {
    title: '沈阳五月民营企业招聘月专场', city: '沈阳市', venue: '沈阳市人力资源市场', mode: 'onsite', programmes: ['chunnuan'],
    starts_at: `${MONTH}-15T09:00:00+08:00`, ends_at: `${MONTH}-15T15:00:00+08:00`,
  })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const cell = (page, city) => page.locator(`[data-test=period-grid] [data-city="${city}"][data-period="${MONTH}"]`)
// cellIn waits until the grid, reloaded after a move, shows the month in status.
const cellIn = (page, city, status) => page.locator(`[data-test=period-grid] [data-city="${city}"][data-period="${MONTH}"][data-status=${status}]`).waitFor()

async function openMonth(page, city) {
  await page.goto(`/periods?year=${YEAR}`)
  await cell(page, city).click()
  await page.locator('[data-test=period-drawer]').waitFor()
}

test("a city's official submits a month and the province's closes it", async () => {
  // The city official sees one row: its city.
  const a = await openPage(browser, server.url)
  await login(a.page, syOfficial.username, syOfficial.password)
  await a.page.waitForURL('**/dashboard**')
  await a.page.getByRole('menuitem', { name: '月度结账' }).click()
  await a.page.waitForURL('**/periods**')
  await openMonth(a.page, '沈阳市')
  assert.equal(await a.page.locator('[data-test=period-grid] tbody tr').count(), 1)
  assert.equal(await a.page.locator('[data-test=period-close]').count(), 0, 'a city official cannot close')
  await a.page.locator('[data-test=period-submit]').click()
  await a.page.locator('[data-test=period-status]', { hasText: '已上报' }).waitFor()
  await cellIn(a.page, '沈阳市', 'submitted')
  await a.finish('periods-city-submits')

  // The province official sees the 14 cities and closes 沈阳市's month.
  const b = await openPage(browser, server.url)
  await login(b.page, province.username, province.password)
  await b.page.waitForURL('**/dashboard**')
  await openMonth(b.page, '沈阳市')
  assert.equal(await b.page.locator('[data-test=period-grid] tbody tr').count(), 14)
  assert.equal(await cell(b.page, '大连市').getAttribute('data-status'), 'open')
  await b.page.locator('[data-test=period-close]').click()
  await b.page.locator('[data-test=period-status]', { hasText: '已结账' }).waitFor()
  await cellIn(b.page, '沈阳市', 'closed')
  const history = await b.page.locator('[data-test=period-history]').innerText()
  assert.match(history, /上报 · sy_month/)
  assert.match(history, /结账 · prov_month/)
  await b.finish('periods-province-closes')

  // The city's dashboard says which months of the year are closed.
  const c = await openPage(browser, server.url)
  await login(c.page, syOfficial.username, syOfficial.password)
  await c.page.waitForURL('**/dashboard**')
  await c.page.goto(`/dashboard?year=${YEAR}`)
  const line = c.page.locator('[data-test=closed-months]')
  await line.waitFor()
  assert.match(await line.innerText(), /已结账月份（沈阳市）：5月/)
  await c.finish('periods-dashboard')
})

test("a change to a fair of a closed month shows the server's message beside the field", async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 409, url: `/api/v1/fairs/${fair.id}` }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.waitForURL('**/fairs')
  await page.goto(`/fairs/${fair.id}/edit`)
  const form = page.locator('[data-test=fair-form]')
  await formItem(form, '地点').locator('input').fill('沈阳市新会场')
  await page.locator('[data-test=save-fair]').click()
  const err = formItem(form, '开始时间').locator('.el-form-item__error')
  await err.waitFor()
  assert.equal((await err.innerText()).trim(), `沈阳市${YEAR}年5月已结账，不能修改`)
  await t.finish('periods-refused-write')
})

test('the province reopens a closed month with a reason', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, province.username, province.password)
  await page.waitForURL('**/dashboard**')
  await openMonth(page, '沈阳市')
  await page.locator('[data-test=period-reopen]').click()
  await page.locator('[data-test=period-reason-ok]').click()
  await page.getByText('请填写原因').waitFor()
  await page.locator('.el-dialog textarea').fill('补录遗漏的招聘会成效')
  await page.locator('[data-test=period-reason-ok]').click()
  await page.locator('[data-test=period-status]', { hasText: '未上报' }).waitFor()
  assert.match(await page.locator('[data-test=period-history]').innerText(), /重新打开 · prov_month：补录遗漏的招聘会成效/)
  await t.finish('periods-reopen')
})
