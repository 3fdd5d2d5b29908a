// An organiser imports a placement file: a bad file shows the server's row errors and writes
// nothing; the corrected file imports.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, personId } from './server.mjs'
import { launchBrowser, openPage, login } from './browser.mjs'

let server, browser, org
const CODE = '91350100M000100Y43'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  await server.admin.createEmployer({ name: '沈阳鼓风机集团股份有限公司', credit_code: CODE, city: '沈阳市', industry: '装备制造' })
  org = await server.admin.createUser({ username: 'org_imp', role: 'organiser', organisation: '沈阳市就业服务局' })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const header = '姓名,身份证号,人员类别,用人单位信用代码,城市,就业日期'
const file = (name, lines) => ({ name, mimeType: 'text/csv', buffer: Buffer.from([header, ...lines].join('\n') + '\n', 'utf8') })

test('an organiser imports placements and sees the row errors of a bad file', async () => {
  const t = await openPage(browser, server.url, { allow: [{ status: 422, url: '/api/v1/placements/import' }] })
  const { page } = t
  await login(page, org.username, org.password)
  await page.goto('/placements')
  await page.locator('[data-test=placements-table]').waitFor()

  const good = [
    `张伟,11010519491231002X,失业人员再就业;就业困难人员,${CODE},沈阳市,2025-03-02`,
    `李娜,${personId(1, '19960512')},高校毕业生,${CODE},沈阳市,2025-04-15`,
    `王强,${personId(2, '19880720')},退役军人；农村转移劳动力,${CODE},沈阳市,2025-05-20`,
  ]
  const badId = '11010519491231002' + '1'
  const bad = [good[0], `赵敏,${badId},高校毕业生,${CODE},沈阳市,2025-03-02`, `孙丽,${personId(3)},高校毕业生,${CODE},北京市,2025-03-02`]

  const input = page.locator('[data-test=import-upload] input[type=file]')
  await input.setInputFiles(file('bad.csv', bad))
  const dialog = page.locator('.el-dialog', { hasText: '导入失败' })
  await dialog.waitFor()
  const errors = dialog.locator('[data-test=import-errors]')
  await errors.waitFor()
  const text = await errors.innerText()
  assert.match(text, /\b3\b/, 'row 3 (the bad ID number) is named')
  assert.match(text, /\b4\b/, 'row 4 (the unknown city) is named')
  assert.match(text, /身份证号/)
  assert.match(text, /城市/)
  await dialog.getByText('知道了').click()
  assert.equal((await server.admin.get('/placements')).total, 0, 'a bad file writes nothing')

  await input.setInputFiles(file('good.csv', good))
  const ok = page.locator('.el-dialog', { hasText: '导入成功' })
  await ok.getByText('已导入 3 条记录').waitFor()
  await ok.getByText('知道了').click()
  const table = page.locator('[data-test=placements-table]')
  await table.getByText('李娜').waitFor()
  await table.getByText('1101**********002X').waitFor()
  assert.equal((await server.admin.get('/placements')).total, 3)

  // Filters go to the server and stay in the address.
  await page.goto('/placements?year=2025&group=graduate')
  await table.getByText('李娜').waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=placements-table]').innerText.includes('张伟'))
  await t.finish('placements-import')
})
