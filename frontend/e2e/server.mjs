// Test harness: runs the real server binary on a fresh database and talks to its API as admin.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const FRONTEND_DIR = resolve(here, '..')
// The server refuses an admin password that contains the username, so this one does not.
export const ADMIN_PASSWORD = 'Jobfair2024Test'
const SECRET = 'e2e-fixed-secret-0123456789abcdef'

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// startServer runs the binary (JOBFAIR_BIN, default ../jobfair) and waits for /healthz.
// demo: arguments of `jobfair demo` (e.g. ['--scale', '0.05']) to fill the database first.
export async function startServer({ demo } = {}) {
  const bin = process.env.JOBFAIR_BIN ? resolve(process.env.JOBFAIR_BIN) : resolve(FRONTEND_DIR, '../jobfair')
  if (!existsSync(bin)) {
    throw new Error(`server binary not found at ${bin}: build it with "go build -o jobfair ." at the repository root, or set JOBFAIR_BIN`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'jobfair-e2e-'))
  const port = await freePort()
  const env = {
    ...process.env,
    JOBFAIR_DB: join(dir, 'e2e.db'),
    JOBFAIR_ADDR: `127.0.0.1:${port}`,
    JOBFAIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JOBFAIR_SECRET: SECRET,
  }
  delete env.JOBFAIR_DEMO
  if (demo) {
    const r = spawnSync(bin, ['demo', ...demo], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
    if (r.status !== 0) throw new Error(`jobfair demo ${demo.join(' ')} failed (${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`)
  }
  const child = spawn(bin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const keep = (b) => { log = (log + b.toString()).slice(-20000) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  child.on('exit', (code, signal) => { exited = { code, signal } })

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30000
  for (;;) {
    if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}):\n${log}`)
    try {
      const r = await fetch(url + '/healthz')
      if (r.ok) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not answer /healthz within 30s:\n${log}`)
    }
    await sleep(100)
  }

  const server = {
    url,
    dir,
    log: () => log,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 10000)
        await done
        clearTimeout(t)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
  server.admin = await Client.login(url, 'admin', ADMIN_PASSWORD)
  return server
}

// Client calls the API with a Bearer token.
export class Client {
  constructor(url, token, user) {
    this.url = url
    this.token = token
    this.user = user
  }

  static async login(url, username, password) {
    const r = await fetch(url + '/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
    })
    const body = await r.json()
    if (!r.ok) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(body)}`)
    return new Client(url, body.token, body.user)
  }

  async call(method, path, body, { expect } = {}) {
    const headers = { Authorization: `Bearer ${this.token}` }
    let payload
    if (body instanceof FormData) payload = body
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    const r = await fetch(this.url + '/api/v1' + path, { method, headers, body: payload })
    const text = await r.text()
    let data = null
    try { data = text ? JSON.parse(text) : null } catch { data = text }
    const ok = expect ? [].concat(expect).includes(r.status) : r.ok
    if (!ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`)
    return data
  }

  get(path) { return this.call('GET', path) }
  post(path, body) { return this.call('POST', path, body ?? {}) }
  patch(path, body) { return this.call('PATCH', path, body ?? {}) }

  createEmployer(e) { return this.post('/employers', e) }

  // createUser makes an account and returns its credentials. organisation_kind is for organisers.
  async createUser({ username, role, city = '', employer_id = null, organisation = '', organisation_kind, password = 'Passw0rd2024x' }) {
    const user = await this.post('/users', { username, password, role, city, employer_id, organisation, organisation_kind })
    return { ...user, username, password }
  }
}

// Valid identifiers for test data.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function idNumber(first17) {
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * ID_WEIGHTS[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

// personId gives a valid ID number of someone born on birth (YYYYMMDD) in Shenyang (2101 02).
export function personId(seq, birth = '19900101') {
  return idNumber('210102' + birth + String(seq % 1000).padStart(3, '0'))
}

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export function creditCode(first17) {
  const sum = [...first17].reduce((s, ch, i) => s + CC_CHARS.indexOf(ch) * CC_WEIGHTS[i], 0)
  return first17 + CC_CHARS[(31 - (sum % 31)) % 31]
}

// companyCode gives a valid, distinct credit code per sequence number.
export function companyCode(seq) {
  return creditCode('91210100MA' + String(seq).padStart(7, '0'))
}
