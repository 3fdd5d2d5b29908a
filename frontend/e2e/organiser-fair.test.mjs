// An organiser registers a fair through the form and closes it as held with its results.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, openPage, login, pickOption, formItem, fillDate } from './browser.mjs'

let server, browser, org

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_fair', role: 'organiser', organisation: '鞍山市公共就业服务中心', organisation_kind: 'public_service' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an organiser registers a fair and closes it as held', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/fairs' }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.waitForURL('**/fairs')
  await page.locator('[data-test=new-fair]').click()
  await page.waitForURL('**/fairs/new')

  const form = page.locator('[data-test=fair-form]')
  await formItem(form, '名称').locator('input').fill('鞍山市公共人力资源服务专场招聘会')
  await pickOption(page, formItem(form, '城市').locator('.el-select'), '鞍山市')
  await formItem(form, '地点').locator('input').fill('鞍山市人力资源市场')
  await fillDate(page, formItem(form, '开始时间').locator('input'), '2025-03-12 09:00')
  await fillDate(page, formItem(form, '结束时间').locator('input'), '2025-03-11 16:00')
  await pickOption(page, formItem(form, '专项活动').locator('.el-select'), '公共人力资源服务机构招聘', { multiple: true })
  await page.keyboard.press('Escape')

  // The server refuses an end before the start and the message stands beside the field.
  await page.locator('[data-test=save-fair]').click()
  const endError = formItem(form, '结束时间').locator('.el-form-item__error')
  await endError.waitFor()
  assert.ok((await endError.innerText()).length > 0)

  await fillDate(page, formItem(form, '结束时间').locator('input'), '2025-03-12 16:00')
  await page.locator('[data-test=save-fair]').click()
  await page.waitForURL(/\/fairs\/\d+$/)
  await page.locator('[data-test=fair-status]', { hasText: '计划中' }).waitFor()

  await page.locator('[data-test=close-held]').click()
  const held = page.locator('[data-test=held-form]')
  await held.waitFor()
  await formItem(held, '入场人数').locator('input').fill('3200')
  await formItem(held, '参会单位数').locator('input').fill('85')
  await formItem(held, '提供岗位数').locator('input').fill('2100')
  await formItem(held, '达成意向人数').locator('input').fill('640')
  await page.locator('[data-test=submit-held]').click()
  await page.locator('[data-test=fair-status]', { hasText: '已举办' }).waitFor()
  const info = page.locator('[data-test=fair-info]')
  await info.getByText('3,200').waitFor()
  await info.getByText('2,100').waitFor()

  const id = page.url().split('/').pop()
  const fair = await server.admin.get(`/fairs/${id}`)
  assert.equal(fair.status, 'held')
  assert.equal(fair.visitors, 3200)
  assert.equal(fair.intents, 640)
  assert.deepEqual(fair.programmes, ['public_service'])

  await page.goto('/fairs?year=2025&status=held')
  await page.locator('[data-test=fairs-table]').getByText('鞍山市公共人力资源服务专场招聘会').waitFor()
  await t.finish('organiser-fair')
})
