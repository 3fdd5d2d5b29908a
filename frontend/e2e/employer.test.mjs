// An employer posts a graduate vacancy, signs up for a planned fair and sees the decision.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client, companyCode } from './server.mjs'
import { launchBrowser, openPage, login, pickOption, formItem, isoDate } from './browser.mjs'

let server, browser, empUser, emp, organiser, fair

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  emp = await admin.createEmployer({ name: '大连华信计算机技术股份有限公司', credit_code: '91110000600037341L', city: '大连市', industry: '信息技术' })
  empUser = await admin.createUser({ username: 'emp_hx', role: 'employer', employer_id: emp.id })
  const org = await admin.createUser({ username: 'org_dl', role: 'organiser', organisation: '大连市人力资源服务中心' })
  organiser = await Client.login(server.url, org.username, org.password)
  const day = isoDate(new Date(Date.now() + 10 * 86400000))
  fair = await organiser.post('/fairs', {
    title: '大连软件和信息技术服务业专场招聘会', city: '大连市', venue: '大连软件园', mode: 'onsite', programmes: ['graduates', 'chunnuan'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T15:00:00+08:00`,
  })
  await admin.createEmployer({ name: '其他单位', credit_code: companyCode(77), city: '沈阳市', industry: '商贸' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an employer posts a graduate vacancy and signs up for a fair', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, empUser.username, empUser.password)
  await page.waitForURL('**/my/jobs')

  await page.locator('[data-test=new-job]').click()
  const form = page.locator('[data-test=job-form]')
  await form.waitFor()
  await formItem(form, '岗位名称').locator('input').fill('Java开发工程师')
  await formItem(form, '招聘人数').locator('input').fill('15')
  await page.locator('[data-test=for-graduates]').click()
  await formItem(form, '月薪范围（元）').locator('input').first().fill('7000')
  await formItem(form, '月薪范围（元）').locator('input').nth(1).fill('12000')
  await pickOption(page, formItem(form, '学历要求').locator('.el-select'), '本科')
  await pickOption(page, page.locator('[data-test=job-fair]'), '大连软件和信息技术服务业专场招聘会')
  await page.locator('[data-test=save-job]').click()
  const table = page.locator('[data-test=jobs-table]')
  await table.getByText('Java开发工程师').waitFor()
  await table.getByText('7000–1.2万元/月').waitFor()

  const jobs = await server.admin.get(`/jobs?employer_id=${emp.id}`)
  assert.equal(jobs.total, 1)
  const job = jobs.items[0]
  assert.equal(job.for_graduates, true)
  assert.equal(job.headcount, 15)
  assert.equal(job.city, '大连市')
  assert.equal(job.fair_id, fair.id)
  assert.equal(job.education, 'bachelor')

  await page.locator('.app-menu').getByText('招聘会报名').click()
  await page.waitForURL('**/signups')
  const open = page.locator('[data-test=open-fairs]')
  const row = open.locator('tr', { hasText: '大连软件和信息技术服务业专场招聘会' })
  await row.locator('[data-test=signup]').click()
  await row.getByText('待审核').waitFor()
  await page.locator('[data-test=my-signups]').getByText('待审核').waitFor()

  const signups = await organiser.get(`/fairs/${fair.id}/signups`)
  assert.equal(signups.items.length, 1)
  await organiser.patch(`/fairs/${fair.id}/signups/${signups.items[0].id}`, { status: 'approved' })
  await page.reload()
  await page.locator('[data-test=my-signups]').getByText('已通过').waitFor()

  await page.locator('.app-menu').getByText('单位信息').click()
  await page.waitForURL('**/my/profile')
  await page.getByText('91110000600037341L').waitFor()
  await t.finish('employer')
})
