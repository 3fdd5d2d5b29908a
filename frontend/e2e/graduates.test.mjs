// The graduate ledger: a city's organiser registers a graduate, follows them up and serves them,
// and sees the status and the timeline move with each record; a city official sees only the
// graduates of its city, with the ones that need attention counted.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, personId } from './server.mjs'
import { launchBrowser, openPage, login, formItem } from './browser.mjs'

let server, browser, organiser, official

// Days as the server (and the browser, set to China's time) count them.
const chinaDate = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)
const today = chinaDate(new Date())
const thisYear = Number(today.slice(0, 4))
const daysAgo = (n) => chinaDate(new Date(Date.now() - n * 86400000))

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  organiser = await server.admin.createUser({ username: 'sy_grad_org', role: 'organiser', city: '沈阳市',
    organisation: '沈阳市公共就业服务中心', organisation_kind: 'public_service' })
  official = await server.admin.createUser({ username: 'dl_grad_official', role: 'official', city: '大连市', organisation: '大连市人力资源和社会保障局' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an organiser registers a graduate, logs a contact and a service, and sees the status follow', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/graduates' }] })
  const { page } = t
  await login(page, organiser.username, organiser.password)
  await page.locator('.app-menu').getByText('毕业生台账').click()
  await page.waitForURL('**/graduates')
  const table = page.locator('[data-test=graduates-table]')
  await table.getByText('暂无毕业生').waitFor()

  await page.locator('[data-test=new-graduate]').click()
  const form = page.locator('[data-test=graduate-form]')
  await form.waitFor()
  await formItem(form, '姓名').locator('input').fill('王晓雨')
  await formItem(form, '身份证号').locator('input').fill(personId(11, '20010315'))
  await formItem(form, '毕业院校').locator('input').fill('沈阳师范大学')
  await formItem(form, '专业').locator('input').fill('汉语言文学')
  await form.locator('[data-test=graduate-education]').getByText('本科').click()
  // The city is the organiser's own and cannot be changed.
  assert.ok(await formItem(form, '城市').locator('.el-select').getByText('沈阳市').isVisible())

  // A phone number that is not a mobile number is refused beside its field; nothing is written.
  await formItem(form, '手机号').locator('input').fill('12345')
  await page.locator('[data-test=save-graduate]').click()
  const phoneError = formItem(form, '手机号').locator('.el-form-item__error')
  await phoneError.waitFor()
  assert.ok((await phoneError.innerText()).length > 0)
  assert.equal((await server.admin.get('/graduates')).total, 0)

  await formItem(form, '手机号').locator('input').fill('13812345678')
  await page.locator('[data-test=save-graduate]').click()
  await form.waitFor({ state: 'hidden' })
  const row = table.locator('.el-table__row', { hasText: '王晓雨' })
  await row.waitFor()
  await page.locator('[data-test=graduates-total]', { hasText: '共 1 人' }).waitFor()
  const rowText = await row.innerText()
  assert.match(rowText, /138\*{4}5678/, 'the list masks the phone')
  assert.doesNotMatch(rowText, /13812345678/)
  assert.match(rowText, /已登记/)
  assert.match(rowText, /政0 指0 荐0\/3 训0/)

  const saved = await server.admin.get('/graduates')
  assert.equal(saved.total, 1)
  const id = saved.items[0].id
  assert.equal(saved.items[0].city, '沈阳市')
  assert.equal(saved.items[0].education, 'bachelor')
  assert.equal(saved.items[0].graduation_year, thisYear)
  assert.equal(saved.items[0].registered_on, today)

  await row.locator('[data-test=graduate-link]').click()
  await page.waitForURL(`**/graduates/${id}`)
  const status = page.locator('[data-test=graduate-status]')
  await status.filter({ hasText: '已登记' }).waitFor()
  assert.equal((await page.locator('[data-test=graduate-phone]').innerText()).trim(), '13812345678', 'the page of one graduate shows the phone in full')

  // A reached contact: the graduate is followed up.
  await page.locator('[data-test=log-contact]').click()
  const contactForm = page.locator('[data-test=contact-form]')
  await contactForm.waitFor()
  assert.equal(await formItem(contactForm, '回访日期').locator('input').inputValue(), today)
  await contactForm.locator('[data-test=contact-channel]').getByText('电话').click()
  await formItem(contactForm, '回访情况').locator('textarea').fill('本人希望在沈阳从事文秘工作')
  await page.locator('[data-test=save-contact]').click()
  await contactForm.waitFor({ state: 'hidden' })
  await status.filter({ hasText: '已回访' }).waitFor()

  // A policy briefing: the graduate is served, and 1131's first part is done.
  await page.locator('[data-test=log-service]').click()
  const serviceForm = page.locator('[data-test=service-form]')
  await serviceForm.waitFor()
  await serviceForm.locator('[data-test=service-kind]').getByText('政策宣介').click()
  assert.equal(await serviceForm.locator('[data-test=service-job]').count(), 0, 'a job is asked for referrals only')
  await formItem(serviceForm, '备注').locator('textarea').fill('讲解高校毕业生就业补贴政策')
  await page.locator('[data-test=save-service]').click()
  await serviceForm.waitFor({ state: 'hidden' })
  await status.filter({ hasText: '已服务' }).waitFor()
  await page.locator('[data-test=progress-1131] [data-part=policy].done').waitFor()
  assert.equal(await page.locator('[data-test=progress-1131] .part.done').count(), 1)

  // The timeline holds the registration, the contact and the service, in that order.
  const timeline = page.locator('[data-test=graduate-timeline]')
  await timeline.getByText('讲解高校毕业生就业补贴政策').waitFor()
  const items = timeline.locator('.el-timeline-item')
  assert.equal(await items.count(), 3)
  assert.match(await items.nth(0).innerText(), /登记入台账/)
  assert.match(await items.nth(1).innerText(), /电话回访 · 已联系上[\s\S]*本人希望在沈阳从事文秘工作/)
  assert.match(await items.nth(2).innerText(), /政策宣介/)

  const detail = await server.admin.get(`/graduates/${id}`)
  assert.equal(detail.status, 'served')
  assert.equal(detail.contacts.length, 1)
  assert.equal(detail.contacts[0].reached, true)
  assert.equal(detail.contacts[0].channel, 'phone')
  assert.equal(detail.services.length, 1)
  assert.equal(detail.services[0].kind, 'policy')
  await t.finish('graduate-detail')
})

test('a city official sees only the graduates of its city, and those needing attention', async () => {
  // They graduated in the year they were registered.
  const base = { school: '大连理工大学', major: '机械工程', education: 'master', graduation_year: Number(daysAgo(45).slice(0, 4)), needy_family: false, wants_job: true }
  await server.admin.post('/graduates', { ...base, person_name: '赵海波', id_number: personId(21, '20000102'), city: '大连市',
    phone: '13900001111', needy_family: true, registered_on: daysAgo(45) })
  await server.admin.post('/graduates', { ...base, person_name: '孙一鸣', id_number: personId(22, '20000203'), city: '沈阳市',
    phone: '13900002222', school: '东北大学', registered_on: daysAgo(45) })

  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, official.username, official.password)
  await page.goto('/graduates')
  const table = page.locator('[data-test=graduates-table]')
  await table.getByText('赵海波').waitFor()
  assert.equal(await table.locator('.el-table__body .el-table__row').count(), 1)
  assert.doesNotMatch(await table.innerText(), /孙一鸣|王晓雨/)
  await page.locator('[data-test=graduates-total]', { hasText: '共 1 人' }).waitFor()
  // The city filter stays on the official's city; officials read and do not register.
  assert.ok(await page.locator('[data-test=graduate-city]').getByText('大连市').isVisible())
  assert.equal(await page.locator('[data-test=new-graduate]').count(), 0)

  // Registered 45 days ago and never reached: counted under 30天未回访 and listed there.
  const unreached = page.locator('[data-test=attention-unreached]')
  await unreached.filter({ hasText: '(1)' }).waitFor()
  await page.locator('[data-test=attention-needy_unemployed]').filter({ hasText: '(1)' }).waitFor()
  await unreached.click()
  await page.waitForURL(/attention=unreached/)
  await table.getByText('赵海波').waitFor()
  assert.equal(await table.locator('.el-table__body .el-table__row').count(), 1)
  await t.finish('graduates-list')
})
