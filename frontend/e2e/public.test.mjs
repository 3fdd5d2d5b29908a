// Visitors without an account see upcoming fairs (list and calendar), a fair's employers and
// their vacancies, and search vacancies; on a phone too.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client, companyCode } from './server.mjs'
import { launchBrowser, openPage, pickOption } from './browser.mjs'

let server, browser
// Dates as the browser (China time) sees them.
const chinaDate = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)
const day = chinaDate(new Date(Date.now() + 3 * 86400000))
const today = chinaDate(new Date())

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  const org = await admin.createUser({ username: 'org_pub', role: 'organiser', organisation: '沈阳市人力资源服务中心' })
  const emp = await admin.createEmployer({ name: '沈阳新松机器人自动化股份有限公司', credit_code: companyCode(11), city: '沈阳市', industry: '制造业' })
  const empUser = await admin.createUser({ username: 'emp_pub', role: 'employer', employer_id: emp.id })
  const organiser = await Client.login(server.url, org.username, org.password)
  const employer = await Client.login(server.url, empUser.username, empUser.password)
  const fair = await organiser.post('/fairs', {
    title: '高校毕业生春季专场招聘会', city: '沈阳市', venue: '沈阳国际展览中心', mode: 'onsite', programmes: ['graduates'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T16:00:00+08:00`,
  })
  await organiser.post('/fairs', {
    title: '大连退役军人专场招聘会', city: '大连市', venue: '大连星海会展中心', mode: 'onsite', programmes: ['veterans'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T12:00:00+08:00`,
  })
  const su = await employer.post(`/fairs/${fair.id}/signups`, {})
  await organiser.patch(`/fairs/${fair.id}/signups/${su.id}`, { status: 'approved' })
  await employer.post('/jobs', {
    employer_id: emp.id, title: '机器人调试工程师', city: '沈阳市', headcount: 12, for_graduates: true, fair_id: fair.id,
    salary_min: 6000, salary_max: 9000, education: 'bachelor',
  })
  await employer.post('/jobs', { employer_id: emp.id, title: '仓库管理员', city: '沈阳市', headcount: 2, for_graduates: false, education: 'senior_high' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the public fair list, calendar and fair page work without login', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await page.goto('/')
  await page.waitForURL('**/public/fairs')
  const list = page.locator('[data-test=fair-list]')
  await list.getByText('高校毕业生春季专场招聘会').waitFor()
  await list.getByText('大连退役军人专场招聘会').waitFor()

  await pickOption(page, page.locator('.filters .el-select', { hasText: '全部城市' }), '大连市')
  await page.waitForURL(/city=/)
  await list.getByText('大连退役军人专场招聘会').waitFor()
  assert.equal(await list.getByText('高校毕业生春季专场招聘会').count(), 0)

  await page.getByText('日历', { exact: true }).click()
  const cal = page.locator('.el-calendar')
  await cal.waitFor()
  if (day.slice(0, 7) !== today.slice(0, 7)) await cal.getByText('下个月').click()
  await cal.getByText('大连退役军人专场招聘会').waitFor()

  await page.goto('/public/fairs')
  await page.locator('[data-test=fair-list]').getByText('高校毕业生春季专场招聘会').click()
  await page.waitForURL(/\/public\/fairs\/\d+$/)
  const emps = page.locator('[data-test=fair-employers]')
  await emps.locator('.emp-name', { hasText: '沈阳新松机器人自动化股份有限公司' }).waitFor()
  // The fair's own jobs are listed apart from its employers.
  const jobs = page.locator('[data-test=fair-jobs]')
  await jobs.getByText('机器人调试工程师').waitFor()
  await jobs.getByText('6000–9000元/月').waitFor()
  await t.finish('public-fairs')
})

test('the vacancy search filters graduate posts and reads on a phone', async () => {
  const t = await openPage(browser, server.url, { mobile: true })
  const { page } = t
  await page.goto('/public/jobs')
  const list = page.locator('[data-test=job-list]')
  await list.getByText('仓库管理员').waitFor()
  await page.getByText('仅高校毕业生岗位').click()
  await page.waitForURL(/for_graduates=true/)
  await list.getByText('机器人调试工程师').waitFor()
  await page.waitForFunction(() => !document.body.innerText.includes('仓库管理员'))
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `page is wider than the phone by ${overflow}px`)
  await t.finish('public-jobs-phone')
})

test('on a phone the calendar counts each day\'s fairs and lists the chosen day\'s titles in full', async () => {
  const t = await openPage(browser, server.url, { mobile: true })
  const { page } = t
  await page.goto('/public/fairs')
  await page.getByText('日历', { exact: true }).click()
  const cal = page.locator('.el-calendar')
  await cal.waitFor()
  if (day.slice(0, 7) !== today.slice(0, 7)) await cal.getByText('下个月').click()
  const count = cal.locator('[data-test=day-count]', { hasText: '2场' })
  await count.waitFor()
  await count.click()
  const list = page.locator('[data-test=day-list]')
  await list.getByText('高校毕业生春季专场招聘会').waitFor()
  const link = list.getByText('大连退役军人专场招聘会')
  await link.waitFor()
  const box = await link.boundingBox()
  assert.ok(box.width > 150, `the title reads in full (${box.width}px)`)
  await t.finish('public-calendar-phone')
})
