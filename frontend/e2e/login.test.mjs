// Login: wrong passwords show the server's message, the lock shows the 429 message; logout and
// password change work; an expired session sends people back to login.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from './server.mjs'
import { launchBrowser, openPage, login, formItem } from './browser.mjs'

let server, browser, org

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  org = await server.admin.createUser({ username: 'org_login', role: 'organiser' })
  await server.admin.createUser({ username: 'org_locked', role: 'organiser' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('wrong passwords and the lock show the server messages', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 401, url: '/api/v1/auth/login' }, { status: 429, url: '/api/v1/auth/login' }] })
  const { page } = t
  await page.goto('/login')
  const alert = page.locator('[data-test=login-error]')
  let saw429 = false
  for (let i = 0; i < 7 && !saw429; i++) {
    await page.locator('input[name=username]').fill('org_locked')
    await page.locator('input[name=password]').fill('WrongPass123')
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByRole('button', { name: '登录' }).click(),
    ])
    await alert.waitFor()
    const body = await res.json()
    await page.waitForFunction((m) => document.querySelector('[data-test=login-error]')?.innerText.includes(m), body.error.message)
    if (res.status() === 429) saw429 = true
    else assert.equal(res.status(), 401)
  }
  assert.ok(saw429, 'the server locks after repeated failures')
  await t.finish('login-lock')
})

test('logout, password change and an ended session', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 401, url: '/api/v1/' }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.waitForURL('**/fairs')

  await page.locator('[data-test=user-menu]').click()
  await page.locator('.el-dropdown-menu__item', { hasText: '修改密码' }).click()
  await page.waitForURL('**/account')
  await formItem(page, '当前密码').locator('input').fill(org.password)
  await formItem(page, '新密码').locator('input').fill('NewPassw0rd2025')
  await formItem(page, '确认新密码').locator('input').fill('NewPassw0rd2025')
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByText('密码已修改').waitFor()
  await Client.login(server.url, org.username, 'NewPassw0rd2025')

  await page.goto('/fairs')
  await page.locator('[data-test=user-menu]').click()
  await page.locator('.el-dropdown-menu__item', { hasText: '退出登录' }).click()
  await page.waitForURL('**/login')
  await page.goto('/fairs')
  await page.waitForURL(/\/login\?redirect=/)

  // A session ended by the server (password reset by the admin) leads back to login.
  await login(page, org.username, 'NewPassw0rd2025')
  await server.admin.post(`/users/${org.id}/password`, { password: 'ResetPassw0rd99' })
  await page.goto('/placements')
  await page.waitForURL(/\/login/)
  assert.match(page.url(), /redirect=/)
  await t.finish('login-session')
})
