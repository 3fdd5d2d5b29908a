// Fair day for job seekers, on a phone: a seeker opens a planned fair, registers (consent is
// required), gets a ticket page with its QR code, and reads a job of the fair in full. The fair's
// page lists that fair's jobs only, ten a page, without scrolling sideways. Employers describe a
// job and leave a contact in the job form.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, Client, companyCode, FRONTEND_DIR } from './server.mjs'
import { launchBrowser, openPage, login, formItem, pickOption } from './browser.mjs'

let server, browser, fair, otherFair, employer, emp
const chinaDate = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)
const day = chinaDate(new Date(Date.now() + 5 * 86400000))
const ARTIFACTS = join(FRONTEND_DIR, 'e2e', 'artifacts')

// The fair's jobs: one described in full, eleven more so that a phone shows two pages.
const DESCRIBED = '工业机器人现场调试工程师'
const DESCRIPTION = '负责工业机器人现场安装与调试。\n要求：机械电子相关专业，能适应出差。'
const fairJobTitles = [DESCRIBED, ...Array.from({ length: 11 }, (_, i) => `自动化产线技术员${i + 1}号`)]

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  const org = await admin.createUser({ username: 'org_fd_pub', role: 'organiser', organisation: '沈阳市人力资源服务中心' })
  emp = await admin.createEmployer({ name: '沈阳智能装备制造有限公司', credit_code: companyCode(31), city: '沈阳市', industry: '制造业' })
  const empUser = await admin.createUser({ username: 'emp_fd_pub', role: 'employer', employer_id: emp.id })
  const organiser = await Client.login(server.url, org.username, org.password)
  employer = await Client.login(server.url, empUser.username, empUser.password)
  employer.credentials = empUser
  fair = await organiser.post('/fairs', {
    title: '沈阳智能制造专场招聘会', city: '沈阳市', venue: '沈阳国际展览中心B馆', mode: 'onsite', programmes: ['graduates'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T16:00:00+08:00`,
  })
  otherFair = await organiser.post('/fairs', {
    title: '沈阳现代服务业专场招聘会', city: '沈阳市', venue: '沈阳市人力资源市场', mode: 'onsite', programmes: ['graduates'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T12:00:00+08:00`,
  })
  for (const f of [fair, otherFair]) {
    const su = await employer.post(`/fairs/${f.id}/signups`, {})
    await organiser.patch(`/fairs/${f.id}/signups/${su.id}`, { status: 'approved' })
  }
  for (const title of fairJobTitles) {
    const described = title === DESCRIBED
    await employer.post('/jobs', {
      employer_id: emp.id, title, city: '沈阳市', headcount: 3, for_graduates: described, fair_id: fair.id,
      salary_min: 6000, salary_max: 9000, education: 'bachelor',
      ...(described ? { description: DESCRIPTION, contact_name: '王老师', contact_phone: '024-23456789' } : {}),
    })
  }
  await employer.post('/jobs', { employer_id: emp.id, title: '客户服务专员', city: '沈阳市', headcount: 2, fair_id: otherFair.id, education: 'any' })
  await employer.post('/jobs', { employer_id: emp.id, title: '仓库管理员', city: '沈阳市', headcount: 2, education: 'senior_high' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// shot saves the whole page, to look at how it reads on a phone.
async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

// jobTitles reads the titles of the job cards on the fair page once they are there.
async function jobTitles(page) {
  const cards = page.locator('[data-test=fair-jobs] [data-test=public-job-card]')
  await cards.first().waitFor()
  return cards.locator('.job-title').allInnerTexts()
}

test('on a phone a seeker registers for a fair, gets a ticket with a QR code and reads a job of the fair', async () => {
  const t = await openPage(browser, server.url, {
    mobile: true,
    allow: [{ status: 422, url: '/registrations' }, { status: 409, url: '/registrations' }],
  })
  const { page } = t
  await page.goto(`/public/fairs/${fair.id}`)
  const facts = page.locator('[data-test=fair-facts]')
  await facts.getByText('沈阳国际展览中心B馆').waitFor()
  await page.locator('[data-test=fair-employers] .emp-name', { hasText: '沈阳智能装备制造有限公司' }).waitFor()
  await page.locator('[data-test=fair-employers]').getByText(/\d+个岗位/).waitFor()

  // Ten jobs a page on a phone, and across the pages only this fair's.
  const first = await jobTitles(page)
  assert.equal(first.length, 10, `a phone shows 10 jobs a page: ${first}`)
  await page.getByRole('heading', { name: '本场岗位（12个）' }).waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the fair page is wider than the phone by ${overflow}px`)
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  assert.ok(height < 3000, `the fair page is ${height}px long on a phone`)
  await shot(page, 'fairday-fair-phone')
  await page.locator('.el-pagination .btn-next').click()
  await page.locator('[data-test=fair-jobs] .job-title').first().filter({ hasNotText: first[0] }).waitFor()
  const second = await jobTitles(page)
  assert.deepEqual([...first, ...second].sort(), [...fairJobTitles].sort())
  assert.equal(await page.getByText('客户服务专员').count(), 0)
  assert.equal(await page.getByText('仓库管理员').count(), 0)

  // Registering without consent is refused, with the reason beside the checkbox.
  const reg = page.locator('[data-test=registration]')
  await reg.getByText('由招聘会主办方使用，不会公开，也不会用于其他用途；招聘会结束一年后删除。').waitFor()
  await formItem(reg, '姓名').locator('input').fill('张三丰')
  await formItem(reg, '手机号').locator('input').fill('13800138000')
  await reg.locator('[data-test=register]').click()
  const consentError = page.locator('[data-test=consent-item] .el-form-item__error')
  await consentError.waitFor()
  assert.ok((await consentError.innerText()).trim().length > 0, 'the consent error says something')
  assert.match(page.url(), new RegExp(`/public/fairs/${fair.id}$`))

  await reg.locator('[data-test=consent]').click()
  await reg.locator('[data-test=register]').click()
  await page.waitForURL(/\/public\/tickets\/[^/]+$/)
  const ticketURL = page.url()

  // The ticket: the fair, the masked name and phone, a loaded QR code, not yet checked in.
  const ticket = page.locator('[data-test=ticket]')
  await ticket.getByText('沈阳智能制造专场招聘会').waitFor()
  await ticket.getByText('沈阳国际展览中心B馆', { exact: false }).waitFor()
  const name = await page.locator('[data-test=ticket-name]').innerText()
  const phone = await page.locator('[data-test=ticket-phone]').innerText()
  assert.ok(name.startsWith('张') && !name.includes('三丰'), `name is masked: ${name}`)
  assert.ok(phone.includes('*') && !phone.includes('13800138000'), `phone is masked: ${phone}`)
  await page.locator('[data-test=checkin-status]', { hasText: '未签到' }).waitFor()
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-test=ticket-qr]')
    return img && img.complete && img.naturalWidth > 0
  })
  await page.locator('[data-test=keep-hint]').getByText('本页地址就是您的入场凭证').waitFor()

  // 保存二维码 downloads the PNG; 打印 prints the ticket alone.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=save-qr]').click()])
  assert.match(download.suggestedFilename(), /^入场码-.*\.png$/)
  const png = readFileSync(await download.path())
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the saved file is a PNG')
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++ } })
  await page.locator('[data-test=print-ticket]').click()
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.public-header').isVisible(), false, 'no site header in print')
  assert.equal(await page.locator('[data-test=save-qr]').isVisible(), false, 'no buttons in print')
  assert.equal(await page.locator('[data-test=ticket-qr]').isVisible(), true, 'the QR code prints')
  await page.emulateMedia({ media: 'screen' })
  await shot(page, 'fairday-ticket-phone')

  // The ticket's address opens it again; the same phone cannot register twice.
  await page.goto(ticketURL)
  await page.locator('[data-test=ticket-name]').getByText(name).waitFor()
  await ticket.getByRole('link', { name: '沈阳智能制造专场招聘会' }).click()
  await page.waitForURL(new RegExp(`/public/fairs/${fair.id}$`))
  await formItem(reg, '姓名').locator('input').fill('张三丰')
  await formItem(reg, '手机号').locator('input').fill('13800138000')
  await reg.locator('[data-test=consent]').click()
  await reg.locator('[data-test=register]').click()
  const refusal = page.locator('[data-test=registration-error]')
  await refusal.waitFor()
  assert.ok((await refusal.innerText()).trim().length > 0)
  assert.match(page.url(), new RegExp(`/public/fairs/${fair.id}$`))

  // A job of the fair, in full: the description keeps its line break, the contact can be called.
  let card = page.locator('[data-test=fair-jobs] [data-test=public-job-card]', { hasText: DESCRIBED })
  await page.locator('[data-test=fair-jobs] [data-test=public-job-card]').first().waitFor()
  if (!(await card.count())) {
    await page.locator('.el-pagination .btn-next').click()
    await card.waitFor()
  }
  await card.locator('.job-title').click()
  await page.waitForURL(/\/public\/jobs\/\d+$/)
  const description = page.locator('[data-test=job-description]')
  await description.waitFor()
  assert.equal((await description.innerText()).trim(), DESCRIPTION)
  const contact = page.locator('[data-test=job-contact]')
  await contact.getByText('王老师').waitFor()
  assert.equal(await contact.getByRole('link', { name: '024-23456789' }).getAttribute('href'), 'tel:02423456789')
  await page.locator('[data-test=job-head]').getByText('沈阳智能装备制造有限公司').waitFor()
  await page.locator('[data-test=job-head]').getByText('6000–9000元/月').waitFor()
  await page.locator('[data-test=job-head]').getByText('学历：本科').waitFor()
  await page.locator('[data-test=job-fair]').getByRole('link', { name: '沈阳智能制造专场招聘会' }).waitFor()
  const jobOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(jobOverflow <= 1, `the job page is wider than the phone by ${jobOverflow}px`)
  await shot(page, 'fairday-job-phone')
  await t.finish('fairday-public-phone')
})

test('the job search links each job to its page', async () => {
  const t = await openPage(browser, server.url, { mobile: true })
  const { page } = t
  await page.goto('/public/jobs?q=仓库管理员')
  const card = page.locator('[data-test=job-list] [data-test=public-job-card]', { hasText: '仓库管理员' })
  await card.waitFor()
  await card.locator('.job-title').click()
  await page.waitForURL(/\/public\/jobs\/\d+$/)
  await page.locator('[data-test=job-head]').getByText('仓库管理员').waitFor()
  await page.locator('[data-test=job-contact]').getByText('招聘单位未留联系方式').waitFor()
  assert.equal(await page.locator('[data-test=job-fair]').count(), 0, 'a job of no fair names none')
  await t.finish('fairday-public-job-search')
})

test('an employer describes a job and leaves a contact in the job form', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, employer.credentials.username, employer.credentials.password)
  await page.waitForURL('**/my/jobs')
  await page.locator('[data-test=new-job]').click()
  const form = page.locator('[data-test=job-form]')
  await form.waitFor()
  await formItem(form, '岗位名称').locator('input').fill('设备维护工程师')
  await formItem(form, '招聘人数').locator('input').fill('4')
  await formItem(form, '岗位描述').locator('textarea').fill('负责产线设备的日常维护。\n有电工证优先。')
  await formItem(form, '联系人').locator('input').fill('李经理')
  await formItem(form, '联系电话').locator('input').fill('13912345678')
  await pickOption(page, page.locator('[data-test=job-fair]'), '沈阳智能制造专场招聘会')
  await page.locator('[data-test=save-job]').click()
  await page.locator('[data-test=jobs-table]').getByText('设备维护工程师').waitFor()

  const jobs = await server.admin.get(`/jobs?employer_id=${emp.id}&q=${encodeURIComponent('设备维护工程师')}`)
  const job = jobs.items.find((j) => j.title === '设备维护工程师')
  assert.ok(job, 'the job was saved')
  const r = await fetch(`${server.url}/api/v1/public/jobs/${job.id}`)
  assert.equal(r.status, 200)
  const shown = await r.json()
  assert.equal(shown.description, '负责产线设备的日常维护。\n有电工证优先。')
  assert.equal(shown.contact_name, '李经理')
  assert.equal(shown.contact_phone, '13912345678')
  assert.equal(shown.fair?.id, fair.id)
  await t.finish('fairday-job-form')
})
