// Admin pages: a new account's role and scope are explicit choices, and disabling a user asks first.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, ADMIN_PASSWORD } from './server.mjs'
import { launchBrowser, openPage, login, formItem, pickOption } from './browser.mjs'

let server, browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an admin chooses role and scope for a new user, and confirms before disabling one', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/users')
  await page.locator('[data-test=new-user]').click()
  const form = page.locator('[data-test=user-form]')
  await form.waitFor()
  await formItem(form, '用户名').locator('input').fill('fx_official')
  await formItem(form, '初始密码').locator('input').fill('Fuxin2026pass')
  await page.getByRole('button', { name: '保存' }).click()
  await formItem(form, '角色').locator('.el-form-item__error').getByText('请选择角色').waitFor()
  await formItem(form, '范围').locator('.el-form-item__error').getByText('请选择全省或指定城市').waitFor()
  assert.equal((await server.admin.get('/users?q=fx_official')).total, 0, 'nothing is created without the choices')

  await pickOption(page, formItem(form, '角色').locator('.el-select'), '主管部门')
  await formItem(form, '范围').locator('.el-radio', { hasText: '指定城市' }).click()
  await pickOption(page, formItem(form, '范围').locator('.el-select'), '阜新市')
  await page.getByRole('button', { name: '保存' }).click()
  await form.waitFor({ state: 'hidden' })
  const created = (await server.admin.get('/users?q=fx_official')).items[0]
  assert.equal(created.role, 'official')
  assert.equal(created.city, '阜新市')

  const row = page.locator('[data-test=users-table] tr', { hasText: 'fx_official' })
  await row.getByRole('button', { name: '停用' }).click()
  const box = page.locator('.el-message-box')
  await box.getByText('确定停用吗').waitFor()
  await box.getByRole('button', { name: '取消' }).click()
  assert.equal((await server.admin.get(`/users/${created.id}`)).disabled, false, 'cancelling changes nothing')
  await row.getByRole('button', { name: '停用' }).click()
  await box.getByRole('button', { name: '停用' }).click()
  await row.getByText('已停用').waitFor()
  assert.equal((await server.admin.get(`/users/${created.id}`)).disabled, true)
  await t.finish('admin-users')
})
