// Outreach visits: an official records a visit and sees it counted, in the list and on the
// dashboard's 送政策送岗位送服务 card, whose figure opens the visits behind it. A university's
// organiser is not offered the public-service programme and registers a general fair.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, openPage, login, pickOption, formItem, fillDate } from './browser.mjs'

let server, browser, official, university

// The plan's goals run through 2025: the visit is dated in it, and the dashboard shows it.
const YEAR = '2025'
const DAY = '2025-06-15'
const nextYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  official = await server.admin.createUser({ username: 'official_visits', role: 'official', organisation: '辽宁省人力资源和社会保障厅' })
  university = await server.admin.createUser({ username: 'org_uni', role: 'organiser', city: '沈阳市',
    organisation: '东北大学学生就业指导服务中心', organisation_kind: 'university' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an official records a visit and sees it counted', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/visits' }] })
  const { page } = t
  await login(page, official.username, official.password)
  await page.locator('.app-menu').getByText('走访服务').click()
  await page.waitForURL('**/visits')
  const table = page.locator('[data-test=visits-table]')
  await table.getByText('暂无走访记录').waitFor()

  await page.locator('[data-test=new-visit]').click()
  const form = page.locator('[data-test=visit-form]')
  await form.waitFor()
  // Typed and committed with Enter: Escape would close the dialog as well as the calendar.
  const day = formItem(form, '走访日期').locator('input')
  await day.click()
  await day.fill(DAY)
  await day.press('Enter')
  await pickOption(page, formItem(form, '城市').locator('.el-select'), '沈阳市')
  await form.locator('[data-test=visit-kind]').getByText('院校').click()
  await form.locator('[data-test=visit-items]').getByText('送岗位').click()

  // Without a place the server refuses, naming the field; nothing is written.
  await page.locator('[data-test=save-visit]').click()
  const placeError = formItem(form, '走访地点').locator('.el-form-item__error')
  await placeError.waitFor()
  assert.ok((await placeError.innerText()).length > 0)
  assert.equal((await server.admin.get('/visits')).total, 0)

  await formItem(form, '走访地点').locator('input').fill('东北大学')
  await page.locator('[data-test=save-visit]').click()
  await form.waitFor({ state: 'hidden' })
  await table.getByText('东北大学').waitFor()
  await page.locator('[data-test=visits-total]', { hasText: '共 1 次' }).waitFor()
  const saved = await server.admin.get('/visits')
  assert.equal(saved.total, 1)
  assert.deepEqual(saved.items[0].items, ['policy', 'jobs'])
  assert.equal(saved.items[0].on, DAY)
  assert.equal(saved.items[0].kind, 'campus')

  // The dashboard counts it under 送政策送岗位送服务, a computed goal, and its figure opens the list.
  await page.goto(`/dashboard?year=${YEAR}`)
  const card = page.locator('[data-test=computed-goals] [data-goal=service_visits]')
  await card.waitFor()
  const actual = card.locator('[data-test=goal-actual]')
  assert.equal((await actual.innerText()).trim(), '1次')
  await card.getByRole('button', { name: '各市排名' }).waitFor()
  await actual.click()
  await page.waitForURL(/\/visits\?/)
  assert.equal(new URL(page.url()).searchParams.get('year'), YEAR)
  await page.locator('[data-test=visits-table]').getByText('东北大学').waitFor()
  await t.finish('visits')
})

test("a university's organiser is not offered public-service fairs and registers a general fair", async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, university.username, university.password)
  await page.goto('/fairs/new')
  const form = page.locator('[data-test=fair-form]')
  await form.waitFor()
  await formItem(form, '名称').locator('input').fill('东北大学秋季综合双选会')
  await formItem(form, '地点').locator('input').fill('东北大学体育馆')
  await fillDate(page, formItem(form, '开始时间').locator('input'), `${nextYear}-03-12 09:00`)
  await fillDate(page, formItem(form, '结束时间').locator('input'), `${nextYear}-03-12 16:00`)
  await form.locator('[data-test=fair-kind]').getByText('综合招聘会').click()

  await formItem(form, '专项活动').locator('.el-select').click()
  const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item')
  await options.filter({ hasText: '高校毕业生就业攻坚' }).waitFor()
  assert.equal(await options.filter({ hasText: '公共人力资源服务机构招聘' }).count(), 0, 'public_service is not offered')
  await options.filter({ hasText: '高校毕业生就业攻坚' }).click()
  await page.keyboard.press('Escape')

  await page.locator('[data-test=save-fair]').click()
  await page.waitForURL(/\/fairs\/\d+$/)
  await page.locator('[data-test=fair-kind]', { hasText: '综合' }).waitFor()
  const id = page.url().split('/').pop()
  const fair = await server.admin.get(`/fairs/${id}`)
  assert.equal(fair.kind, 'general')
  assert.deepEqual(fair.programmes, ['graduates'])
  assert.equal(fair.city, '沈阳市')

  // The public page shows it as a general fair.
  await page.goto(`/public/fairs/${id}`)
  await page.getByText('综合招聘会').waitFor()
  await t.finish('general-fair')
})
