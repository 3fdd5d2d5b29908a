// The fair day from the staff side: the organiser checks seekers in at the door, an approved
// employer records an intent at its booth, the organiser closes the fair with the recorded
// figures proposed, and a declined sign-up reaches the employer's notification bell.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client, companyCode } from './server.mjs'
import { launchBrowser, openPage, login, pickOption, formItem, isoDate } from './browser.mjs'

let server, browser, org, organiser, emp, empUser, employer, fair, job, ticket

const FAIR_TITLE = '沈阳市春风行动现场招聘会'
const SEEKER = { name: '王小明', phone: '13812345678' }

// register signs a seeker up for a fair as the public page does, without logging in.
async function register(fairId, person) {
  const r = await fetch(`${server.url}/api/v1/public/fairs/${fairId}/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ ...person, consent: true }),
  })
  const body = await r.json()
  assert.equal(r.status, 201, JSON.stringify(body))
  return body.ticket
}

// fitsPhone fails when the page is wider than the phone it is shown on.
async function fitsPhone(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `page is wider than the phone by ${overflow}px`)
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  org = await admin.createUser({ username: 'org_sy_day', role: 'organiser', city: '沈阳市', organisation: '沈阳市公共就业服务中心', organisation_kind: 'public_service' })
  organiser = await Client.login(server.url, org.username, org.password)
  emp = await admin.createEmployer({ name: '沈阳新松机器人自动化股份有限公司', credit_code: companyCode(4101), city: '沈阳市', industry: '制造业' })
  empUser = await admin.createUser({ username: 'emp_xs', role: 'employer', employer_id: emp.id })
  employer = await Client.login(server.url, empUser.username, empUser.password)

  // A fair that began an hour ago and ends this evening: registration is open, the door is open.
  const now = Date.now()
  fair = await organiser.post('/fairs', {
    title: FAIR_TITLE, city: '沈阳市', venue: '沈阳市人力资源市场', mode: 'onsite', programmes: ['public_service'],
    starts_at: new Date(now - 3600000).toISOString(), ends_at: new Date(now + 6 * 3600000).toISOString(),
  })
  const signup = await employer.post(`/fairs/${fair.id}/signups`)
  await organiser.patch(`/fairs/${fair.id}/signups/${signup.id}`, { status: 'approved' })
  job = await employer.post('/jobs', { employer_id: emp.id, title: '工业机器人调试工程师', city: '沈阳市', headcount: 12, fair_id: fair.id })
  ticket = await register(fair.id, SEEKER)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an organiser checks a registered seeker in by ticket and a second attempt says so', async () => {
  const t = await openPage(browser, server.url, { mobile: true, allow: [{ status: 409, url: `/fairs/${fair.id}/checkins` }, { status: 422, url: `/fairs/${fair.id}/checkins` }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto(`/fairs/${fair.id}/checkin`)
  const count = page.locator('[data-test=checkin-count]')
  await count.filter({ hasText: /^0$/ }).waitFor()
  await page.locator('.fd-list, .el-empty').first().waitFor()

  await page.locator('[data-test=ticket-input]').fill(ticket)
  await page.locator('[data-test=checkin-submit]').click()
  const result = page.locator('[data-test=checkin-result]')
  await result.filter({ hasText: '签到成功' }).waitFor()
  const shown = await result.innerText()
  assert.match(shown, /王/)
  assert.doesNotMatch(shown, /小明/, 'the result shows the masked name')
  await count.filter({ hasText: /^1$/ }).waitFor()
  // The organiser's list of the latest check-ins carries the full phone.
  await page.locator('[data-test=checkins-list]').getByText(SEEKER.phone).waitFor()

  await page.locator('[data-test=ticket-input]').fill(ticket)
  await page.locator('[data-test=checkin-submit]').click()
  await result.filter({ hasText: '已签到' }).waitFor()
  assert.equal(await count.innerText(), '1')

  // A walk-in without a phone is refused beside the field; with one, counted at once.
  await page.locator('[data-test=walkin-name]').fill('李华')
  await page.locator('[data-test=walkin-submit]').click()
  await formItem(page.locator('[data-test=walkin-form]'), '手机号').locator('.el-form-item__error').waitFor()
  await page.locator('[data-test=walkin-phone]').fill('13900001111')
  await page.locator('[data-test=walkin-submit]').click()
  await count.filter({ hasText: /^2$/ }).waitFor()
  await page.locator('[data-test=checkins-list]').getByText('13900001111').waitFor()

  const f = await organiser.get(`/fairs/${fair.id}`)
  assert.equal(f.recorded.checkins, 2)
  await fitsPhone(page)
  await t.finish('fairday-checkin')
})

test('an approved employer records an intent at its booth', async () => {
  const absent = await register(fair.id, { name: '赵敏', phone: '13700002222' })
  const t = await openPage(browser, server.url, { mobile: true, allow: [{ status: 422, url: `/fairs/${fair.id}/intents` }] })
  const { page } = t
  await login(page, empUser.username, empUser.password)
  await page.goto('/signups')
  await page.locator('[data-test=booth-link]').first().click()
  await page.waitForURL(`**/fairs/${fair.id}/booth`)
  await page.getByText(FAIR_TITLE).first().waitFor()

  // The employer's only job at the fair is chosen already; picking it again changes nothing.
  await pickOption(page, page.locator('[data-test=booth-job]'), job.title)
  // A seeker who registered but never came through the door is refused, and says why.
  await page.locator('[data-test=booth-ticket]').fill(absent)
  await page.locator('[data-test=intent-submit]').click()
  const refused = page.locator('[data-test=intent-result].is-bad')
  await refused.waitFor()
  await formItem(page.locator('[data-test=intent-form]'), '票号').locator('.el-form-item__error').waitFor()
  assert.ok((await refused.innerText()).trim().length > 0)

  await page.locator('[data-test=booth-ticket]').fill(ticket)
  await page.locator('[data-test=intent-submit]').click()
  await page.locator('[data-test=intent-result]').filter({ hasText: '已达成意向' }).waitFor()
  await page.locator('[data-test=intents-list]').getByText(job.title).waitFor()

  const intents = await employer.get(`/fairs/${fair.id}/intents`)
  assert.equal(intents.total, 1)
  assert.equal(intents.items[0].job_id, job.id)
  await fitsPhone(page)
  await t.finish('fairday-booth')
})

test('closing the fair as held proposes the recorded figures and shows both where they differ', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto(`/fairs/${fair.id}`)
  const panel = page.locator('[data-test=recorded-panel]')
  await panel.locator('[data-test=recorded-checkins]').filter({ hasText: /^2$/ }).waitFor()
  assert.equal(await panel.locator('[data-test=recorded-intents]').innerText(), '1')
  assert.equal(await panel.locator('[data-test=recorded-posts]').innerText(), '12')

  await page.locator('[data-test=close-held]').click()
  const held = page.locator('[data-test=held-form]')
  await held.waitFor()
  assert.equal(await formItem(held, '入场人数').locator('input').inputValue(), '2')
  assert.equal(await formItem(held, '参会单位数').locator('input').inputValue(), '1')
  assert.equal(await formItem(held, '提供岗位数').locator('input').inputValue(), '12')
  assert.equal(await formItem(held, '达成意向人数').locator('input').inputValue(), '1')

  // More people came than were scanned at the door.
  await formItem(held, '入场人数').locator('input').fill('1200')
  await page.locator('[data-test=submit-held]').click()
  await page.locator('[data-test=fair-status]', { hasText: '已举办' }).waitFor()
  await page.locator('[data-test=result-visitors]', { hasText: '1,200（签到记录 2）' }).waitFor()
  assert.equal(await page.locator('[data-test=result-intents]').innerText(), '1')

  const f = await organiser.get(`/fairs/${fair.id}`)
  assert.equal(f.visitors, 1200)
  assert.equal(f.employers_attended, 1)
  assert.equal(f.posts_offered, 12)
  assert.equal(f.intents, 1)
  await t.finish('fairday-held')
})

test('a declined sign-up needs a reason and reaches the employer through the bell', async () => {
  const day = isoDate(new Date(Date.now() + 14 * 86400000))
  const later = (title) => organiser.post('/fairs', {
    title, city: '沈阳市', venue: '沈阳国际展览中心', mode: 'onsite', programmes: ['public_service'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T15:00:00+08:00`,
  })
  const fair2 = await later('沈阳市制造业专场招聘会')
  const fair3 = await later('沈阳市高校毕业生专场招聘会')
  await employer.post(`/fairs/${fair2.id}/signups`)
  await employer.post(`/fairs/${fair3.id}/signups`)

  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/signups/' }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto('/signups')
  await page.locator('.app-menu [data-test=menu-badge]', { hasText: '2' }).waitFor()
  const table = page.locator('[data-test=my-signups]')
  const row2 = table.locator('.el-table__row', { hasText: fair2.title })
  const row3 = table.locator('.el-table__row', { hasText: fair3.title })
  await row2.waitFor()

  // Declining without a reason: the server's message stands beside the field.
  await row2.locator('[data-test=decline]').click()
  const dialog = page.locator('.el-dialog', { has: page.locator('[data-test=decline-form]') })
  await dialog.waitFor()
  await page.locator('[data-test=confirm-decline]').click()
  await formItem(dialog, '不通过的原因（用人单位会看到）').locator('.el-form-item__error').waitFor()
  await page.locator('[data-test=decline-reason]').fill('展位已满，欢迎报名下一场')
  await page.locator('[data-test=confirm-decline]').click()
  await row2.locator('[data-test=signup-reason]', { hasText: '展位已满，欢迎报名下一场' }).waitFor()
  await row2.locator('[data-test=signup-status]', { hasText: '未通过' }).waitFor()

  // The other one is approved with the batch button.
  await row3.locator('.el-checkbox').click()
  await page.locator('[data-test=batch-approve]').click()
  await row3.locator('[data-test=signup-status]', { hasText: '已通过' }).waitFor()
  await page.locator('.app-menu [data-test=menu-badge]').waitFor({ state: 'detached' })
  await t.finish('fairday-signups')

  // The employer sees the decision in the bell, opens it and it is read.
  const before = (await employer.get('/notifications/unread')).unread
  assert.ok(before >= 2, `unread ${before}`)
  const e = await openPage(browser, server.url)
  await login(e.page, empUser.username, empUser.password)
  await e.page.locator('[data-test=bell-count]').getByText(String(before)).waitFor()
  await e.page.locator('[data-test=bell]').click()
  const item = e.page.locator('[data-test=bell-item]', { hasText: '报名未通过' }).first()
  await item.waitFor()
  await item.click()
  await e.page.waitForURL('**/signups')
  await e.page.locator('[data-test=bell-count]').getByText(String(before - 1)).waitFor()
  assert.equal((await employer.get('/notifications/unread')).unread, before - 1)
  await e.page.locator('[data-test=signup-reason]', { hasText: '展位已满，欢迎报名下一场' }).waitFor()

  // 全部已读 clears the badge here and on the server.
  await e.page.locator('[data-test=bell]').click()
  await e.page.locator('[data-test=bell-list]').waitFor()
  await e.page.locator('[data-test=bell-read-all]').click()
  await e.page.locator('[data-test=bell-count] sup').waitFor({ state: 'hidden' })
  assert.equal((await employer.get('/notifications/unread')).unread, 0)
  await e.finish('fairday-bell')
})
