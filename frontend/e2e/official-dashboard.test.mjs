// A province official's dashboard shows the year's totals, follows new records, links each
// figure to its records and downloads the Excel report.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer, Client, personId } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, official, organiser, employer
const YEAR = 2025
const DASH = `/dashboard?year=${YEAR}&as_of=${YEAR}-12-31`

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  official = await admin.createUser({ username: 'official_prov', role: 'official', organisation: '辽宁省人力资源和社会保障厅' })
  const org = await admin.createUser({ username: 'org_dash', role: 'organiser', organisation: '锦州市就业服务中心' })
  organiser = await Client.login(server.url, org.username, org.password)
  employer = await admin.createEmployer({ name: '锦州港股份有限公司', credit_code: '91350100M000100Y43', city: '锦州市', industry: '交通运输' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const card = (page, code) => page.locator(`[data-goal=${code}]`)
const actual = (page, code) => card(page, code).locator('[data-test=goal-actual]')

test("an official's dashboard shows the changed totals and downloads the Excel file", async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, official.username, official.password)
  await page.waitForURL('**/dashboard**')
  await page.goto(DASH)
  await card(page, 'special_fairs').waitFor()
  assert.equal((await actual(page, 'special_fairs').innerText()).trim(), '0场')
  assert.equal((await actual(page, 'new_urban_jobs').innerText()).trim(), '0人')
  await page.locator('[data-test=reported-goals]').waitFor()

  // New records: a held fair and two placements in the year.
  const fair = await organiser.post('/fairs', {
    title: '锦州春风行动招聘会', city: '锦州市', venue: '锦州人力资源市场', mode: 'onsite', programmes: ['chunnuan', 'new_forms'],
    starts_at: `${YEAR}-04-10T09:00:00+08:00`, ends_at: `${YEAR}-04-10T15:00:00+08:00`,
  })
  await organiser.patch(`/fairs/${fair.id}`, { status: 'held', visitors: 1500, employers_attended: 60, posts_offered: 1800, intents: 420 })
  for (const [i, groups] of [['reemployed'], ['graduate']].entries()) {
    await organiser.post('/placements', {
      person_name: `测试${i}`, id_number: personId(10 + i, '19950301'), groups, employer_id: employer.id, city: '锦州市', placed_on: `${YEAR}-05-0${i + 1}`,
    })
  }

  await page.getByRole('button', { name: '刷新' }).click()
  await page.waitForFunction(() => document.querySelector('[data-goal=special_fairs] [data-test=goal-actual]')?.innerText.trim() === '1场')
  assert.equal((await actual(page, 'new_urban_jobs').innerText()).trim(), '2人')
  assert.equal((await actual(page, 'new_forms_matches').innerText()).trim(), '420人次')
  await page.locator('.echart canvas').first().waitFor()

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const path = await download.path()
  const bytes = readFileSync(path)
  assert.ok(bytes.length > 100, 'the workbook is not empty')
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'the workbook is a zip (xlsx)')

  // A figure opens the list of the records behind it.
  await actual(page, 'new_urban_jobs').click()
  await page.waitForURL(/\/placements\?/)
  const table = page.locator('[data-test=placements-table]')
  await table.getByText('测试0').waitFor()
  await table.getByText('测试1').waitFor()
  await t.finish('official-dashboard')
})
