// Searching: two words find what holds both (public vacancy search), and 就业登记 is found by a
// person's name or by the full ID number, which the server matches through its hash.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, personId, companyCode } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, org, employer

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_search', role: 'organiser', organisation: '沈阳市公共就业服务中心' })
  employer = await server.admin.createEmployer({ name: '沈阳高校后勤服务有限公司', credit_code: companyCode(41), city: '沈阳市', industry: '服务' })
  const other = await server.admin.createEmployer({ name: '大连高校科技有限公司', credit_code: companyCode(42), city: '大连市', industry: '科技' })
  const today = new Date().toISOString().slice(0, 10)
  for (const [e, title] of [[employer, '食堂管理员'], [other, '实验室助理'], [employer, '宿舍管理员']]) {
    await server.admin.post('/jobs', { employer_id: e.id, title, headcount: 2, posted_on: today })
  }
  for (const [name, seq] of [['王海洋', 1], ['赵海燕', 2], ['孙立', 3]]) {
    await server.admin.post('/placements', {
      person_name: name, id_number: personId(seq, '19920415'), groups: [], employer_id: employer.id, city: '沈阳市', placed_on: today,
    })
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the public vacancy search matches every word', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await page.goto('/public/jobs')
  const box = page.getByPlaceholder('岗位或单位名称')
  await box.fill('沈阳 高校')
  await box.press('Enter')
  await page.getByText('食堂管理员').waitFor()
  await page.getByText('宿舍管理员').waitFor()
  assert.equal(await page.getByText('实验室助理').count(), 0, 'a vacancy of 大连 does not hold both words')
  await t.finish('search-public-jobs')
})

test('an organiser finds a placement by name and by the full ID number', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto('/placements')
  const table = page.locator('[data-test=placements-table]')
  await table.getByText('孙立').waitFor()
  const box = page.locator('[data-test=placement-search]')

  await box.fill('海')
  await box.press('Enter')
  await table.getByText('赵海燕').waitFor()
  await table.getByText('孙立').waitFor({ state: 'detached' })
  assert.equal(await table.locator('tbody tr').count(), 2)

  await box.fill(personId(3, '19920415'))
  await box.press('Enter')
  await table.getByText('孙立').waitFor()
  await table.getByText('王海洋').waitFor({ state: 'detached' })
  assert.equal(await table.locator('tbody tr').count(), 1)
  await t.finish('search-placements')
})
