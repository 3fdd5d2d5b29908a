// Recording a placement: the vacancy and the fair are picked by name, not typed as numbers, and
// a refusal for the same person in the same year links to the existing record.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, personId, companyCode, Client } from './server.mjs'
import { launchBrowser, openPage, login, formItem, typeAndPick, pickOption, isoDate } from './browser.mjs'

let server, browser, org, employer, job, fair
const COMPANY = '营口港务物流有限公司'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_pickers', role: 'organiser', organisation: '营口市公共就业服务中心' })
  employer = await server.admin.createEmployer({ name: COMPANY, credit_code: companyCode(77), city: '营口市', industry: '物流' })
  const today = isoDate(new Date())
  job = await server.admin.post('/jobs', { employer_id: employer.id, title: '集装箱调度员', headcount: 3, posted_on: today })
  const client = await Client.login(server.url, org.username, org.password)
  const day = isoDate(new Date(Date.now() - 3 * 86400000))
  fair = await client.post('/fairs', {
    title: '营口港航物流专场招聘会', city: '营口市', venue: '营口市人力资源市场', mode: 'onsite', programmes: ['chunnuan'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T15:00:00+08:00`,
  })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an organiser picks the vacancy and the fair by name, and a duplicate links to the first record', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 409, url: '/api/v1/placements' }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto('/placements')
  await page.locator('[data-test=placements-table]').waitFor()

  const fill = async (name) => {
    await page.locator('[data-test=new-placement]').click()
    const form = page.locator('[data-test=placement-form]')
    await form.waitFor()
    await formItem(form, '姓名').locator('input').fill(name)
    await formItem(form, '身份证号').locator('input').fill(personId(55, '19880808'))
    await typeAndPick(page, formItem(form, '用人单位').locator('.el-select'), '营口港务', COMPANY)
    await pickOption(page, formItem(form, '就业城市').locator('.el-select'), '营口市')
    await typeAndPick(page, formItem(form, '岗位').locator('.el-select'), '集装箱', '集装箱调度员')
    await typeAndPick(page, formItem(form, '招聘会').locator('.el-select'), '港航', '营口港航物流专场招聘会')
    await page.locator('[data-test=save-placement]').click()
    return form
  }

  const form = await fill('周建国')
  await form.waitFor({ state: 'hidden' })
  const list = await server.admin.get('/placements?q=' + encodeURIComponent('周建国'))
  assert.equal(list.total, 1)
  assert.equal(list.items[0].job_id, job.id)
  assert.equal(list.items[0].fair_id, fair.id)

  await fill('周建国')
  const refusal = page.locator('[data-test=placement-refusal]')
  await refusal.waitFor()
  await refusal.getByText('查看已有的登记').click()
  await page.waitForURL(`**/placements/${list.items[0].id}`)
  await page.locator('[data-test=placement-info]').getByText('周建国').waitFor()
  await t.finish('placement-pickers')
})
