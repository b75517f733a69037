/**
 * The remote mode of the CLI against a real `nss serve` over TLS with the test CA (issue 12): what a
 * remote call loads, the client's folder, the same screens and JSON as locally, idempotency keys and
 * mail warnings across the wire, an unreachable server, ops commands with NSS_URL, `nss login` /
 * `nss logout` and the saved login, graceful shutdown and readiness.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {EXAMPLES, nss, nssAsync, OFFICE_PASSWORD, openStoreReadOnly, seededDesk, SeededDesk, tempHome} from '../support/cli'
import {createToken, startServerSync, testCa, TestServer} from '../support/server'

const APPLICATION = path.join(EXAMPLES, 'application.json')

function must(result: {code: number; stdout: string; stderr: string; json: any}, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

function get(url: string, caFile: string): Promise<{status: number; body: any}> {
  const https = require('node:https') as typeof import('node:https')
  return new Promise((resolve, reject) => {
    https.get(url, {ca: fs.readFileSync(caFile)}, res => {
      let text = ''
      res.on('data', d => { text += d })
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: JSON.parse(text)}))
    }).on('error', reject)
  })
}

describe('the remote CLI against nss serve (issue 12)', function () {
  this.timeout(120_000)
  let desk: SeededDesk
  let server: TestServer
  let office: Record<string, string>
  let reviewer: Record<string, string>
  let local: Record<string, string>
  let client: string

  before(() => {
    desk = seededDesk()
    // This file makes its own server, whatever the mode of the run.
    server = startServerSync(desk.home)
    client = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-client-'))
    const remote = {NSS_HOME: client, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: ''}
    office = {...remote, NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}).token}
    reviewer = {...remote, NSS_TOKEN: createToken(desk.home, {reviewer: 'r.sato'}).token}
    local = {NSS_HOME: desk.home, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD, NSS_URL: ''}
  })

  after(async () => {
    await server.stop()
  })

  it('loads no store, TypeORM, SQLite, PostgreSQL, mail or oclif module for a remote status, and leaves the client folder empty', () => {
    const receiptNo = must(nss(['apply', '--file', APPLICATION, '--json'], {env: office}), 'apply').receiptNo
    const tracer = path.join(__dirname, '..', 'support', 'module-tracer.js')
    for (const args of [['status', receiptNo, '--json'], ['status', '--json'], ['status', receiptNo]]) {
      const trace = path.join(tempHome(), 'modules.json')
      const result = nss(args, {env: {...office, NSS_MODULE_TRACE: trace, NODE_OPTIONS: `--require ${tracer}`, NSS_COMPILE_CACHE: 'off'}})
      expect(result.code, result.stderr).to.equal(0)
      const modules = JSON.parse(fs.readFileSync(trace, 'utf8')) as string[]
      const heavy = modules.filter(m => /node_modules\/(typeorm|better-sqlite3|pg|pg-[a-z]+|nodemailer|imapflow|mailparser|mailauth|@oclif|zod|fastify)\//.test(m)
        || /dist\/(src\/(store|mail|server|app\/(?!input-file|located-json))|nss\.js)/.test(m))
      expect(heavy, `${args.join(' ')} loaded ${heavy.join(', ')}`).to.deep.equal([])
      expect(modules.some(m => m.endsWith(path.join('dist', 'remote.js')))).to.equal(true)
    }
    expect(fs.readdirSync(client)).to.deep.equal([])
  })

  it('prints the same JSON and the same screens as the local mode, and the same errors with the same exit codes', () => {
    const receiptNo = must(nss(['apply', '--file', APPLICATION, '--json'], {env: office}), 'apply').receiptNo
    for (const args of [['status', receiptNo, '--json'], ['status', receiptNo], ['status', '--limit', '3'], ['status', '9999999C', '--json'],
      ['status', receiptNo, '--passwords', '--json'], ['amend', receiptNo, '--file', path.join(EXAMPLES, 'amend.json'), '--json'],
      ['status', '--status', 'nonsense', '--json'], ['status', 'not-a-number', '--json'], ['status', '--nope']]) {
      const there = nss(args, {env: office})
      const here = nss(args, {env: local})
      expect(there.code, `${args.join(' ')}: ${there.stderr}`).to.equal(here.code)
      expect(there.stdout, args.join(' ')).to.equal(here.stdout)
      expect(there.stderr, args.join(' ')).to.equal(here.stderr)
    }
  })

  it('carries --idempotency-key as the Idempotency-Key header: the same key locally and remotely gives one application', () => {
    const first = must(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'remote-key-0001', '--json'], {env: office}), 'apply')
    const again = must(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'remote-key-0001', '--json'], {env: office}), 'apply again')
    const locally = must(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'remote-key-0001', '--json'], {env: local}), 'apply locally')
    expect(again).to.deep.equal(first)
    expect(locally).to.deep.equal(first)
    const other = nss(['apply', '--file', path.join(EXAMPLES, 'amend.json'), '--idempotency-key', 'remote-key-0001', '--json'], {env: office})
    expect(other.code).to.equal(5)
    expect(other.json.error.code).to.equal('idempotency_key_reused')
    const db = openStoreReadOnly(desk.home)
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = 'remote-key-0001'").get()).to.deep.equal({n: 1})
    } finally {
      db.close()
    }
  })

  it('is exit 6 for a server that cannot be reached or an NSS_URL in clear to another host, naming the server and never the token', () => {
    const closed = nss(['status', '--json'], {env: {...office, NSS_URL: 'https://127.0.0.1:1'}})
    expect(closed.code).to.equal(6)
    expect(closed.json.error.message).to.include('デスクサーバー https://127.0.0.1:1 に接続できません')
    const clear = nss(['status'], {env: {...office, NSS_URL: 'http://192.0.2.1:8080'}})
    expect(clear.code).to.equal(6)
    expect(clear.stderr).to.include('https:// で指定してください')
    for (const result of [closed, clear]) expect(result.stdout + result.stderr).to.not.include(office.NSS_TOKEN)
    const noToken = nss(['status', '--json'], {env: {...office, NSS_TOKEN: ''}})
    expect(noToken.code).to.equal(4)
    expect(noToken.json.error.message).to.include('NSS_TOKEN')
  })

  it('keeps ops commands local with NSS_URL set, and says so on stderr', () => {
    const result = nss(['token', 'list', '--json'], {env: {NSS_HOME: desk.home, NSS_URL: server.url}})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.json.tokens).to.be.an('array')
    expect(result.stderr).to.include('nss token list is an ops command: it works on the local desk')
  })

  it('passes on the mail warnings of the server: a receipt mail not sent at once is a warning on stderr, the result unchanged', async function () {
    // An SMTP server that accepts and never greets: the server's quick attempt times out (10 s).
    const silent = net.createServer(() => undefined)
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    const slow = startServerSync(desk.home, {env: {NSS_SMTP_URL: `smtp://127.0.0.1:${port}`}})
    try {
      const result = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...office, NSS_URL: slow.url}})
      expect(result.code, result.stderr).to.equal(0)
      expect(result.json.status).to.equal('received')
      expect(result.stderr).to.match(/nss: warning: receipt のメール（ID \d+）はまだ送信されていません/)
    } finally {
      await slow.stop()
      silent.close()
    }
  })

  it('finishes the requests in flight on SIGTERM, then exits 0', async function () {
    const silent = net.createServer(() => undefined)
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    const slow = startServerSync(desk.home, {env: {NSS_SMTP_URL: `smtp://127.0.0.1:${port}`}})
    try {
      const pending = nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...office, NSS_URL: slow.url}})
      // The apply is committed and waits for its mail when the signal comes.
      for (let i = 0; i < 100 && !slow.log().some(line => line.includes('"url":"/api/v1/applications"')); i++) await new Promise(r => setTimeout(r, 50))
      await new Promise(r => setTimeout(r, 500))
      slow.process.kill('SIGTERM')
      const result = await pending
      expect(result.code, result.stderr).to.equal(0)
      expect(result.json.status).to.equal('received')
      expect(await slow.exited()).to.equal(0)
      expect(slow.log().some(line => line.includes('stopping: the requests in flight finish'))).to.equal(true)
    } finally {
      await slow.stop()
      silent.close()
    }
  })

  it('answers /healthz always and /readyz 503 while secret.key cannot be read', async () => {
    const caFile = testCa().caFile
    expect(await get(`${server.url}/healthz`, caFile)).to.deep.equal({status: 200, body: {status: 'ok'}})
    const ready = await get(`${server.url}/readyz`, caFile)
    expect(ready.status).to.equal(200)
    expect(ready.body.ready).to.equal(true)
    // A fresh server: the secret is read on first use and kept.
    const other = seededDesk()
    const fresh = startServerSync(other.home)
    fs.renameSync(path.join(other.home, 'secret.key'), path.join(other.home, 'secret.key.away'))
    try {
      const unready = await get(`${fresh.url}/readyz`, caFile)
      expect(unready.status).to.equal(503)
      expect(unready.body.ready).to.equal(false)
      expect(unready.body.checks.find((c: any) => c.name === 'secret').ok).to.equal(false)
      expect(unready.body.checks.find((c: any) => c.name === 'store').ok).to.equal(true)
    } finally {
      await fresh.stop()
    }
  })

  it('refuses to start on a store that is not there or not migrated (exit 6)', () => {
    const home = tempHome()
    const result = nss(['serve', '--listen', '127.0.0.1:0', '--json'], {env: {NSS_HOME: home}})
    expect(result.code, result.stderr + result.stdout).to.equal(6)
  })

  describe('nss login and nss logout', () => {
    let config: string

    before(() => {
      config = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-xdg-'))
    })

    const env = () => ({NSS_HOME: client, XDG_CONFIG_HOME: config, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_URL: '', NSS_TOKEN: ''})

    it('refuses a wrong password and an unknown office with the same answer, saving nothing', () => {
      const wrong = nss(['login', '--url', server.url, '--office', 'OTHER01', '--json'], {env: {...env(), NSS_PASSWORD: 'wrong-password-9'}})
      const unknown = nss(['login', '--url', server.url, '--office', 'NOSUCH01', '--json'], {env: {...env(), NSS_PASSWORD: 'wrong-password-9'}})
      expect(wrong.code).to.equal(4)
      expect(unknown.code).to.equal(4)
      expect(unknown.json.error.message.replace('NOSUCH01', 'X')).to.equal(wrong.json.error.message.replace('OTHER01', 'X'))
      expect(fs.existsSync(path.join(config, 'nss-desk', 'credentials.json'))).to.equal(false)
    })

    it('logs in, keeps the token in credentials.json (0600, folder 0700) without printing it, and the commands use it', () => {
      const result = nss(['login', '--url', server.url, '--office', 'NACCS01', '--json'], {env: {...env(), NSS_PASSWORD: OFFICE_PASSWORD}})
      const json = must(result, 'login')
      const file = path.join(config, 'nss-desk', 'credentials.json')
      expect(json.credentialsFile).to.equal(file)
      expect(json.principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
      expect(fs.statSync(file).mode & 0o777).to.equal(0o600)
      expect(fs.statSync(path.dirname(file)).mode & 0o777).to.equal(0o700)
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'))
      expect(saved.token).to.match(/^nssd_/)
      expect(result.stdout + result.stderr).to.not.include(saved.token)
      // No NSS_URL, no NSS_TOKEN, no password: the saved login is the way in.
      const status = nss(['status', '--json'], {env: env()})
      expect(must(status, 'status').applications.length).to.be.greaterThan(0)
      const {tokens} = must(nss(['token', 'list', '--json'], {env: {NSS_HOME: desk.home}}), 'token list')
      expect(tokens.find((t: any) => t.id === saved.tokenId).name).to.equal('nss login from 127.0.0.1')
    })

    it('logs out: the token is revoked on the server and the file is gone', () => {
      const file = path.join(config, 'nss-desk', 'credentials.json')
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'))
      const result = must(nss(['logout', '--json'], {env: env()}), 'logout')
      expect(result).to.deep.include({loggedOut: true, revoked: true, tokenId: saved.tokenId})
      expect(fs.existsSync(file)).to.equal(false)
      const refused = nss(['status', '--json'], {env: {...env(), NSS_URL: server.url, NSS_TOKEN: saved.token}})
      expect(refused.code).to.equal(4)
      const again = must(nss(['logout', '--json'], {env: env()}), 'logout again')
      expect(again).to.deep.equal({loggedOut: false})
    })
  })
})
