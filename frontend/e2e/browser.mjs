// Browser side of the tests: Debian's Chromium through playwright-core, one page per test that
// records every console error (Content-Security-Policy violations included), page error, failed
// request and 5xx answer.
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { FRONTEND_DIR } from './server.mjs'

const ARTIFACTS = join(FRONTEND_DIR, 'e2e', 'artifacts')

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}

// openPage gives a fresh context (no cookies) at 1366×768 or a phone's size.
// allow: a list of {status, url} (url a substring or RegExp) for expected refusals.
export async function openPage(browser, baseURL, { mobile = false, allow = [] } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: mobile ? { width: 390, height: 844 } : { width: 1366, height: 768 },
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  // Every Content-Security-Policy violation becomes a console error, which fails the test below.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile || e.documentURI}`)
    })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const problems = []
  const allowed = (status, url) => allow.some((a) => a.status === status && (a.url instanceof RegExp ? a.url.test(url) : url.includes(a.url)))
  // Chromium also logs each 4xx answer as a console error; the response handler below already
  // judges every such answer by its URL, so those console lines are left to it.
  const allowedStatuses = allow.map((a) => a.status)

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const text = msg.text()
    const m = /status of (\d{3})/.exec(text)
    if (m && allowedStatuses.includes(Number(m[1]))) return
    problems.push(`console error: ${text}`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText || ''
    // A call cut short by leaving the page (or a download handed to the browser) is not a failure.
    if (/ERR_ABORTED/.test(failure)) return
    problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`)
  })
  page.on('response', (res) => {
    const status = res.status()
    if (status >= 500) problems.push(`server error: ${status} ${res.request().method()} ${res.url()}`)
    else if (status >= 400) {
      if (!allowed(status, res.url())) problems.push(`unexpected ${status}: ${res.request().method()} ${res.url()}`)
    }
  })

  return {
    page,
    context,
    problems,
    // finish saves the last page and fails on any recorded problem.
    async finish(name) {
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.waitForTimeout(400)
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false }).catch(() => {})
      await context.close()
      assert.deepEqual(problems, [], `browser problems in ${name}`)
    },
  }
}

// login signs in through the login page.
export async function login(page, username, password) {
  await page.goto('/login')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

// noOpenDropdown waits until no select's dropdown shows. One closed just before may still be
// fading out, and its options (the one just picked among them) would be found instead of the
// next select's: a slow machine shows it long enough.
async function noOpenDropdown(page, timeout) {
  await page.waitForFunction(() => [...document.querySelectorAll('.el-select-dropdown')].every((d) => !d.checkVisibility()),
    undefined, timeout ? { timeout } : {})
}

// clickOption clicks the open dropdown's option with that text and waits for the dropdown to
// close. A remote search that answers just as the option is clicked redraws the list under the
// pointer and leaves the dropdown open: the option is then clicked again.
async function clickOption(page, text) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
    try {
      await noOpenDropdown(page, 3000)
      return
    } catch {
      // still open: click the redrawn option
    }
  }
  await noOpenDropdown(page)
}

// pickOption opens an Element Plus select (found by locator) and clicks the option with that text.
// A multiple select keeps its dropdown open after a pick: the caller closes it.
export async function pickOption(page, select, text, { multiple = false } = {}) {
  await noOpenDropdown(page)
  await select.click()
  if (multiple) {
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
    return
  }
  await clickOption(page, text)
}

// typeAndPick types into a filterable select then picks the option.
export async function typeAndPick(page, select, query, text = query) {
  await noOpenDropdown(page)
  await select.click()
  await page.keyboard.type(query)
  await clickOption(page, text)
}

// formItem finds an Element Plus form item by its exact label inside scope.
export function formItem(scope, label) {
  const page = scope.page ? scope.page() : scope
  return scope.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) })
}

// fillDate types into a date or datetime picker and commits with Enter.
export async function fillDate(page, input, value) {
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.keyboard.press('Escape').catch(() => {})
}

export function isoDate(d) {
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
