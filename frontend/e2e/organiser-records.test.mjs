// The record dialogs: a refused form shows each bad field beside the field and keeps the
// dialog open, the corrected form saves; a row deleted after the confirm box leaves the list.
// The dashboard keeps its year and chart in the address.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, personId, companyCode, ADMIN_PASSWORD } from './server.mjs'
import { launchBrowser, openPage, login, pickOption, typeAndPick, formItem } from './browser.mjs'

let server, browser, org
const COMPANY = '沈阳新松机器人自动化股份有限公司'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_rec', role: 'organiser', organisation: '沈阳市人力资源服务中心' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const fieldError = (form, label) => formItem(form, label).locator('.el-form-item__error')

test('an organiser registers an employer and a placement, then deletes the placement', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/employers' }, { status: 422, url: '/api/v1/placements' }] })
  const { page } = t
  await login(page, org.username, org.password)

  await page.goto('/employers')
  await page.locator('[data-test=new-employer]').click()
  const emp = page.locator('[data-test=employer-form]')
  await emp.waitFor()
  await formItem(emp, '单位名称').locator('input').fill(COMPANY)
  const good = companyCode(7)
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
  await formItem(emp, '统一社会信用代码').locator('input').fill(bad)
  await pickOption(page, formItem(emp, '所在城市').locator('.el-select'), '沈阳市')
  await page.locator('[data-test=save-employer]').click()
  await fieldError(emp, '统一社会信用代码').waitFor()
  assert.ok((await fieldError(emp, '统一社会信用代码').innerText()).length > 0)
  assert.ok(await emp.isVisible(), 'the refused dialog stays open')
  assert.equal((await server.admin.get('/employers')).total, 0)

  await formItem(emp, '统一社会信用代码').locator('input').fill(good)
  await page.locator('[data-test=save-employer]').click()
  await emp.waitFor({ state: 'hidden' })
  await page.locator('[data-test=employers-table]').getByText(COMPANY).waitFor()

  await page.goto('/placements')
  await page.locator('[data-test=placements-table]').waitFor()
  await page.locator('[data-test=new-placement]').click()
  const pl = page.locator('[data-test=placement-form]')
  await pl.waitFor()
  await formItem(pl, '姓名').locator('input').fill('刘洋')
  const id = personId(21, '19990304')
  await formItem(pl, '身份证号').locator('input').fill(id.slice(0, 17) + (id[17] === '1' ? '2' : '1'))
  await typeAndPick(page, formItem(pl, '用人单位').locator('.el-select'), '新松', COMPANY)
  await pickOption(page, formItem(pl, '就业城市').locator('.el-select'), '沈阳市')
  await page.locator('[data-test=save-placement]').click()
  await fieldError(pl, '身份证号').waitFor()
  assert.equal((await server.admin.get('/placements')).total, 0)

  await formItem(pl, '身份证号').locator('input').fill(id)
  await page.locator('[data-test=save-placement]').click()
  await pl.waitFor({ state: 'hidden' })
  const table = page.locator('[data-test=placements-table]')
  await table.getByText('刘洋').waitFor()
  assert.equal((await server.admin.get('/placements')).total, 1)

  // Cancelling the confirm box deletes nothing; confirming deletes and reloads the list.
  const row = table.locator('.el-table__row', { hasText: '刘洋' })
  await row.getByRole('button', { name: '删除' }).click()
  const box = page.locator('.el-message-box')
  await box.getByText('确定删除 刘洋 的就业登记吗？').waitFor()
  await box.getByRole('button', { name: '取消' }).click()
  await box.waitFor({ state: 'hidden' })
  assert.equal((await server.admin.get('/placements')).total, 1)

  await row.getByRole('button', { name: '删除' }).click()
  await box.getByRole('button', { name: '确定' }).click()
  await page.getByText('已删除').waitFor()
  await table.getByText('暂无就业登记').waitFor()
  assert.equal((await server.admin.get('/placements')).total, 0)
  await t.finish('organiser-records')
})

test('an admin is told why a password is refused, and the dashboard keeps its year in the address', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/users' }] })
  const { page } = t
  await login(page, 'admin', ADMIN_PASSWORD)

  await page.goto('/users')
  const table = page.locator('[data-test=users-table]')
  const row = table.locator('.el-table__row', { hasText: org.username })
  await row.getByRole('button', { name: '重置密码' }).click()
  const dialog = page.locator('.el-dialog', { hasText: `重置密码：${org.username}` })
  await dialog.locator('input').fill('short')
  await dialog.getByRole('button', { name: '重置' }).click()
  const err = formItem(dialog, '新密码').locator('.el-form-item__error')
  await err.waitFor()
  assert.ok((await err.innerText()).length > 0)
  await dialog.locator('input').fill('Shenyang2025Reset')
  await dialog.getByRole('button', { name: '重置' }).click()
  await page.getByText('密码已重置').waitFor()
  await dialog.waitFor({ state: 'hidden' })

  await page.goto('/dashboard?year=2025')
  await page.locator('[data-goal=new_urban_jobs]').waitFor()
  await page.waitForURL(/goal=new_urban_jobs/)
  await pickOption(page, page.locator('[data-test=year-select]'), '2024年')
  await page.waitForURL((u) => u.searchParams.get('year') === '2024')
  await page.locator('[data-goal=new_urban_jobs]').waitFor()
  await t.finish('admin-records')
})
