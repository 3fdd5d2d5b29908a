// The Content-Security-Policy: every page is served with it and runs under it without a single
// violation or console error; a violation is caught, so these checks can fail.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client, companyCode, ADMIN_PASSWORD } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, fairId

const chinaDate = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = server.admin
  const org = await admin.createUser({ username: 'org_csp', role: 'organiser', organisation: '沈阳市人力资源服务中心' })
  const emp = await admin.createEmployer({ name: '沈阳策略测试有限公司', credit_code: companyCode(31), city: '沈阳市', industry: '制造业' })
  const organiser = await Client.login(server.url, org.username, org.password)
  const day = chinaDate(new Date(Date.now() + 5 * 86400000))
  const fair = await organiser.post('/fairs', {
    title: '安全策略检查专场招聘会', city: '沈阳市', venue: '沈阳国际展览中心', mode: 'onsite', programmes: ['chunnuan'],
    starts_at: `${day}T09:00:00+08:00`, ends_at: `${day}T16:00:00+08:00`,
  })
  fairId = fair.id
  await admin.post('/jobs', { employer_id: emp.id, title: '数控车床操作工', city: '沈阳市', headcount: 3, for_graduates: true })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('every page is served with the policy and runs under it without errors', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  const res = await page.goto('/public/fairs')
  const csp = res.headers()['content-security-policy'] || ''
  assert.match(csp, /script-src 'self';/)
  assert.doesNotMatch(csp, /unsafe-eval/)
  await page.getByText('安全策略检查专场招聘会').first().waitFor()
  await page.goto(`/public/fairs/${fairId}`)
  await page.getByText('沈阳国际展览中心').first().waitFor()
  await page.goto('/public/jobs')
  await page.getByText('数控车床操作工').first().waitFor()

  await login(page, 'admin', ADMIN_PASSWORD)
  for (const [path, text] of [
    ['/dashboard', '核心指标'], ['/fairs', '安全策略检查专场招聘会'], [`/fairs/${fairId}`, '用人单位报名'],
    ['/fairs/new', '登记招聘会'], ['/jobs', '数控车床操作工'], ['/employers', '沈阳策略测试有限公司'], ['/placements', '就业登记'],
    ['/goals', '目标管理'], ['/reports', '月度填报'], ['/users', 'org_csp'], ['/audit', '审计日志'], ['/signups', '招聘会报名审核'],
    ['/account', '修改密码'],
  ]) {
    await page.goto(path)
    await page.getByText(text).first().waitFor()
    await page.waitForLoadState('networkidle')
  }
  await t.finish('csp-pages')
})

test('a policy violation is caught', async () => {
  const t = await openPage(browser, server.url)
  const { page } = t
  await page.goto('/public/fairs')
  await page.getByText('安全策略检查专场招聘会').first().waitFor()
  await page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.__inlineRan = true'
    document.head.appendChild(s)
  })
  await page.waitForTimeout(300)
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'an inline script ran')
  assert.ok(t.problems.some((p) => p.includes('CSP violation') || p.includes('Content Security Policy')),
    `the blocked inline script was not reported: ${JSON.stringify(t.problems)}`)
  await t.context.close()
})
