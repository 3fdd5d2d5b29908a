// A city official sees its own city only: the city selector is fixed, and a deep link to
// another city's rollup shows the server's refusal.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, official

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  official = await server.admin.createUser({ username: 'official_sy', role: 'official', city: '沈阳市', organisation: '沈阳市人力资源和社会保障局' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test("a city official cannot reach another city's pages", async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 403, url: /\/api\/v1\/rollup/ }] })
  const { page } = t
  await login(page, official.username, official.password)
  await page.goto('/dashboard?year=2025')
  await page.locator('[data-goal=new_urban_jobs]').waitFor()
  const citySelect = page.locator('[data-test=city-select]')
  assert.match(await citySelect.innerText(), /沈阳市/)
  assert.ok(await citySelect.locator('.is-disabled').count() > 0 || (await citySelect.getAttribute('class')).includes('is-disabled'), 'the city selector is fixed')
  assert.equal(await page.getByText('各市完成率排名').count(), 0, 'no ranking of cities for a city official')
  // Goals without a city target say what that means and who sets one.
  const note = page.locator('[data-test=city-note]')
  await note.waitFor()
  assert.match(await note.innerText(), /未设分市目标[\s\S]*省级管理员在「目标管理」中按城市设置/)
  const menu = await page.locator('.app-menu').innerText()
  assert.doesNotMatch(menu, /用户管理|目标管理/)

  await page.goto('/dashboard?year=2025&city=大连市')
  const refusal = page.locator('.state-error')
  await refusal.getByText('无权访问').waitFor()
  assert.ok((await refusal.innerText()).length > 4)
  await page.getByRole('button', { name: '返回本市' }).click()
  await page.locator('[data-goal=new_urban_jobs]').waitFor()

  // Pages of other roles are not offered either.
  await page.goto('/users')
  await page.getByText('您的账号角色不能使用此页面。').waitFor()
  await t.finish('city-official')
})
