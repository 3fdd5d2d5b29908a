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

test("clearing a city's target removes it after a confirmation, and setting another city's saves it", async () => {
  const goals = await server.admin.get('/goals?year=2025&scope=province&page_size=500')
  const fairs = goals.items.find((g) => g.code === 'special_fairs' && g.year_from === 2025 && g.year_to === 2025)
  assert.ok(fairs, 'the seeds hold a 2025 goal of special fairs')
  await server.admin.post('/goals', { code: 'special_fairs', name: fairs.name, scope: '沈阳市', year_from: 2025, year_to: 2025,
    target: 90, unit: fairs.unit, comparison: fairs.comparison, source: 'computed' })

  const t = await openPage(browser, server.url)
  const { page } = t
  await login(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/goals?year=2025')
  const row = page.locator('[data-test=goals-table] tbody tr', { hasText: fairs.name }).first()
  await row.getByText('1/14 市已设').waitFor()
  await row.getByRole('button', { name: '分市目标' }).click()
  const drawer = page.locator('[data-test=city-targets]')
  const sy = drawer.locator('[data-test="city-target-沈阳市"] input')
  await sy.waitFor()
  assert.equal(await sy.inputValue(), '90')
  await sy.fill('')
  await drawer.locator('[data-test="city-target-大连市"] input').fill('70')

  // Cancelling the confirmation keeps the target.
  await drawer.getByRole('button', { name: '保存分市目标' }).click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /沈阳市（原目标 90/)
  await box.getByRole('button', { name: '取消' }).click()
  await box.waitFor({ state: 'hidden' })
  let cities = await server.admin.get('/goals?year=2025&scope=沈阳市&page_size=500')
  assert.ok(cities.items.some((g) => g.code === 'special_fairs'), 'cancelled: 沈阳市 keeps its target')

  await drawer.getByRole('button', { name: '保存分市目标' }).click()
  await box.waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  await page.locator('.el-message--success', { hasText: '已保存 2 个城市的目标' }).waitFor()
  cities = await server.admin.get('/goals?year=2025&scope=沈阳市&page_size=500')
  assert.ok(!cities.items.some((g) => g.code === 'special_fairs'), '沈阳市 has no target of special fairs')
  const dalian = await server.admin.get('/goals?year=2025&scope=大连市&page_size=500')
  assert.equal(dalian.items.find((g) => g.code === 'special_fairs')?.target, 70)
  await row.getByText('1/14 市已设').waitFor()
  const rollup = await server.admin.get('/rollup?year=2025&city=沈阳市')
  assert.equal(rollup.goals.find((g) => g.code === 'special_fairs').status, 'no_target')
  await t.finish('goals-city-cleared')
})
