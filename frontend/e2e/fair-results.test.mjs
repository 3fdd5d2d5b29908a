// A fair's results: the button to close a fair as held is not offered before the fair has
// begun, and a held fair's results can be corrected (the correction is audited).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from './server.mjs'
import { launchBrowser, openPage, login, formItem, isoDate } from './browser.mjs'

let server, browser, org, future, past

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_results', role: 'organiser', organisation: '锦州市公共就业服务中心' })
  const client = await Client.login(server.url, org.username, org.password)
  const day = (offset) => isoDate(new Date(Date.now() + offset * 86400000))
  const fair = (title, d) => client.post('/fairs', {
    title, city: '锦州市', venue: '锦州市人力资源市场', mode: 'onsite', programmes: ['chunnuan'],
    starts_at: `${d}T09:00:00+08:00`, ends_at: `${d}T15:00:00+08:00`,
  })
  future = await fair('锦州市下月专场招聘会', day(20))
  past = await fair('锦州市上周专场招聘会', day(-7))
  await client.patch(`/fairs/${past.id}`, { status: 'held', visitors: 800, employers_attended: 40, posts_offered: 900, intents: 120 })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a fair that has not begun cannot be closed as held from its page', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto(`/fairs/${future.id}`)
  await page.locator('[data-test=fair-status]', { hasText: '计划中' }).waitFor()
  assert.ok(await page.locator('[data-test=close-held]').isDisabled(), 'the button waits for the fair to begin')
  await t.finish('fair-results-future')
})

test('an organiser corrects the results of a held fair', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto(`/fairs/${past.id}`)
  const info = page.locator('[data-test=fair-info]')
  await info.getByText('900').waitFor()
  await page.locator('[data-test=correct-results]').click()
  const form = page.locator('[data-test=held-form]')
  await form.waitFor()
  assert.equal(await formItem(form, '提供岗位数').locator('input').inputValue(), '900', 'the dialog starts from the recorded figures')
  await formItem(form, '提供岗位数').locator('input').fill('1250')
  await page.locator('[data-test=submit-held]').click()
  await info.getByText('1,250').waitFor()
  const fair = await server.admin.get(`/fairs/${past.id}`)
  assert.equal(fair.posts_offered, 1250)
  assert.equal(fair.visitors, 800, 'the other figures stay')
  const audit = await server.admin.get(`/audit?record_type=fair&record_id=${past.id}`)
  assert.ok(audit.items.length >= 3, 'creation, closing and the correction are audited')
  await t.finish('fair-results-corrected')
})
