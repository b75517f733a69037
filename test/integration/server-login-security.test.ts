/**
 * Logins at the desk server and what its logs keep (issue 12, acceptance point 2), against a real
 * `nss serve` over TLS with the test CA: a brute-force burst of concurrent logins on one account checks
 * at most NSS_LOCK_THRESHOLD passwords (the lock is in the store, src/app/authenticate.ts), a client
 * address that has failed NSS_LOGIN_ADDRESS_LIMIT logins is refused unchecked
 * (src/server/login-throttle.ts), and every refusal — unknown, locked, wrong, throttled — is one
 * answer. No server log line and no CLI output holds a token, its hash or a password.
 */
import {expect} from 'chai'
import {createHash} from 'node:crypto'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, OFFICE_PASSWORD, openStoreReadOnly, OTHER_PASSWORD, REVIEWER_PASSWORD, seededDesk, tempHome} from '../support/cli'
import {RawAnswer, rawRequest} from '../support/https-request'
import {createToken, startServer, testCa, TestServer} from '../support/server'

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

function must(result: CliResult, what: string): any {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
  return result.json
}

/** POST /api/v1/sessions as `from` (a loopback address: each is a client of its own). */
function login(server: TestServer, body: Record<string, unknown> | string, from = '127.0.0.1'): Promise<RawAnswer> {
  return rawRequest(server, 'POST', '/api/v1/sessions', {
    headers: {'content-type': 'application/json'}, body: typeof body === 'string' ? body : JSON.stringify(body), localAddress: from,
  })
}

/** An answer's status and body, to compare refusals byte for byte (an account's ID made neutral when asked). */
function shapeOf(answer: RawAnswer, id?: string): string {
  return `${answer.status} ${id ? answer.body.split(id).join('<ID>') : answer.body}`
}

function accountOf(home: string, code: string): {failedLogins: number; lockedUntil: string | null} {
  const store = openStoreReadOnly(home)
  try {
    return store.prepare('SELECT failedLogins, lockedUntil FROM offices WHERE code = ?').get(code) as {failedLogins: number; lockedUntil: string | null}
  } finally {
    store.close()
  }
}

/** The failed logins checked against an office's hash: one audit row each (src/store/read-models.ts). */
function checkedFailures(home: string, code: string): string[] {
  const store = openStoreReadOnly(home)
  try {
    const rows = store.prepare("SELECT action, detail FROM audit_events WHERE actor = ? AND action IN ('login_failed', 'login_locked') ORDER BY id")
      .all(`office:${code}`) as {action: string; detail: string}[]
    return rows.map(row => `${row.action} ${row.detail}`)
  } finally {
    store.close()
  }
}

describe('logins at the desk server (issue 12)', function () {
  this.timeout(180_000)
  const THRESHOLD = 5
  const ADDRESS_LIMIT = 3
  const LOCK_MINUTES = 15
  let desk: ReturnType<typeof seededDesk>
  let server: TestServer
  /** NACCS01's refusals during the burst (every one the same). */
  let burstAnswer: string

  before(async function () {
    this.timeout(120_000)
    desk = seededDesk()
    server = await startServer(desk.home, {
      env: {NSS_LOCK_THRESHOLD: String(THRESHOLD), NSS_LOCK_MINUTES: String(LOCK_MINUTES), NSS_LOGIN_ADDRESS_LIMIT: String(ADDRESS_LIMIT)},
    })
  })

  after(async () => {
    await server?.stop()
  })

  it('logs NACCS01 in with the right password first (201, a token acting as the office)', async () => {
    const accepted = await login(server, {office: 'NACCS01', password: OFFICE_PASSWORD}, '127.0.0.2')
    expect(accepted.status, accepted.body).to.equal(201)
    expect(accepted.json.principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
    const logout = await rawRequest(server, 'DELETE', '/api/v1/session', {headers: {authorization: `Bearer ${accepted.json.token}`}})
    expect(logout.status, logout.body).to.equal(200)
  })

  it(`checks at most ${THRESHOLD} of 30 concurrent wrong passwords for NACCS01 from 30 addresses, all refused alike, and leaves it locked`, async () => {
    // One attempt per address: the throttle per address lets each through, and only the account's lock stands.
    const answers = await Promise.all(Array.from({length: 30}, (_, i) => login(server, {office: 'NACCS01', password: `wrong-password-${i}`}, `127.0.0.${10 + i}`)))
    for (const answer of answers) expect(answer.status, answer.body).to.equal(401)
    expect(new Set(answers.map(a => shapeOf(a)))).to.have.lengthOf(1)
    burstAnswer = shapeOf(answers[0])
    expect(answers[0].json.error.code).to.equal('unauthorized')

    const checked = checkedFailures(desk.home, 'NACCS01')
    const account = accountOf(desk.home, 'NACCS01')
    console.log(`      ${checked.length} of 30 checked against the hash: ${checked.join('; ')}`)
    expect(checked, checked.join('\n')).to.have.lengthOf(THRESHOLD)
    expect(checked.filter(row => row.startsWith('login_locked'))).to.have.lengthOf(1)
    expect(account.failedLogins).to.equal(THRESHOLD)
    expect(account.lockedUntil).to.be.a('string')
    expect(Date.parse(account.lockedUntil!)).to.be.greaterThan(Date.now() + (LOCK_MINUTES - 1) * 60_000)
  })

  it('refuses the right password of the locked NACCS01 (from a fresh address) and an unknown office with the same answer as a wrong password', async () => {
    const right = await login(server, {office: 'NACCS01', password: OFFICE_PASSWORD}, '127.0.0.2')
    expect(shapeOf(right)).to.equal(burstAnswer)
    expect(right.body).to.not.include('token')
    const unknown = await login(server, {office: 'NOSUCH01', password: OFFICE_PASSWORD}, '127.0.0.2')
    expect(shapeOf(unknown, 'NOSUCH01')).to.equal(burstAnswer.split('NACCS01').join('<ID>'))
    // The lock is NACCS01's: another office logs in from the same address.
    const other = await login(server, {office: 'OTHER01', password: OTHER_PASSWORD}, '127.0.0.2')
    expect(other.status, other.body).to.equal(201)
    expect(checkedFailures(desk.home, 'NACCS01'), 'the refusals during the lock were checked').to.have.lengthOf(THRESHOLD)
  })

  it(`refuses a client address after ${ADDRESS_LIMIT} failed logins unchecked (20 concurrent: ${ADDRESS_LIMIT} checked), the right password too, with the answer a wrong one gets`, async () => {
    const from = '127.0.0.3'
    const answers = await Promise.all(Array.from({length: 20}, (_, i) => login(server, {office: 'OTHER01', password: `wrong-password-${i}`}, from)))
    for (const answer of answers) expect(answer.status, answer.body).to.equal(401)
    expect(new Set(answers.map(a => shapeOf(a)))).to.have.lengthOf(1)
    expect(checkedFailures(desk.home, 'OTHER01'), `at most ${ADDRESS_LIMIT} checked against the hash`).to.have.lengthOf(ADDRESS_LIMIT)
    expect(accountOf(desk.home, 'OTHER01')).to.deep.equal({failedLogins: ADDRESS_LIMIT, lockedUntil: null})

    // The right password from that address: refused unchecked, the answer a checked wrong one got.
    const right = await login(server, {office: 'OTHER01', password: OTHER_PASSWORD}, from)
    expect(shapeOf(right)).to.equal(shapeOf(answers[0]))
    const rightElsewhere = await login(server, {office: 'NACCS01', password: OFFICE_PASSWORD}, from)
    expect(shapeOf(rightElsewhere)).to.equal(burstAnswer)
    const unknown = await login(server, {office: 'NOSUCH01', password: 'x'}, from)
    expect(shapeOf(unknown, 'NOSUCH01')).to.equal(shapeOf(answers[0], 'OTHER01'))
    expect(accountOf(desk.home, 'OTHER01'), 'refused unchecked: not counted').to.deep.equal({failedLogins: ADDRESS_LIMIT, lockedUntil: null})
    // Per address: OTHER01 is not locked, and logs in from another one.
    const otherAddress = await login(server, {office: 'OTHER01', password: OTHER_PASSWORD}, '127.0.0.4')
    expect(otherAddress.status, otherAddress.body).to.equal(201)
    await pause(300)
    expect(server.log().some(line => line.includes('too many failed logins from this address'))).to.equal(true)
  })

  it(`lets both in again once ${LOCK_MINUTES} minutes have passed (the lock and the throttle's window)`, async () => {
    server.setTime(new Date(Date.now() + (LOCK_MINUTES + 1) * 60_000).toISOString())
    try {
      const naccs = await login(server, {office: 'NACCS01', password: OFFICE_PASSWORD}, '127.0.0.2')
      expect(naccs.status, naccs.body).to.equal(201)
      const other = await login(server, {office: 'OTHER01', password: OTHER_PASSWORD}, '127.0.0.3')
      expect(other.status, other.body).to.equal(201)
    } finally {
      server.setTime(undefined)
    }
  })
})

describe("the desk server's logs and the CLI's output hold no token and no password (issue 12)", function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>
  let server: TestServer
  /** Every secret of the run: tokens and passwords, right and wrong. */
  const tokens: string[] = []
  const passwords = [OFFICE_PASSWORD, OTHER_PASSWORD, REVIEWER_PASSWORD, 'wrong-Pa55-word-a', 'guess-Pa55-word-b', 'in-a-broken-body-c', 'extra-field-d']
  const cliRuns: CliResult[] = []
  let requests = 0

  before(async function () {
    this.timeout(180_000)
    desk = seededDesk()
    server = await startServer(desk.home)
    const clientHome = tempHome()
    const remote = (token: string) => ({
      NSS_URL: server.url, NSS_TOKEN: token, NSS_CA_FILE: testCa().caFile, NSS_HOME: clientHome,
      NSS_DB: path.join(clientHome, 'nss.sqlite'), XDG_CONFIG_HOME: clientHome, NSS_OFFICE: undefined, NSS_REVIEWER: undefined, NSS_PASSWORD: undefined,
    })
    const run = (args: string[], token: string) => {
      const result = nss(args, {env: remote(token)})
      cliRuns.push(result)
      requests++
      return result
    }
    const send = async (method: string, url: string, options: Parameters<typeof rawRequest>[3] = {}) => {
      requests++
      return rawRequest(server, method, url, options)
    }
    const json = {'content-type': 'application/json'}

    // Logins: right and wrong, an unknown office, bodies that are not valid JSON with a password in them.
    const office = await send('POST', '/api/v1/sessions', {headers: json, body: JSON.stringify({office: 'NACCS01', password: OFFICE_PASSWORD})})
    expect(office.status, office.body).to.equal(201)
    const reviewer = await send('POST', '/api/v1/sessions', {headers: json, body: JSON.stringify({reviewer: 'r.sato', password: REVIEWER_PASSWORD})})
    expect(reviewer.status, reviewer.body).to.equal(201)
    tokens.push(office.json.token, reviewer.json.token)
    expect((await send('POST', '/api/v1/sessions', {headers: json, body: JSON.stringify({office: 'NACCS01', password: passwords[3]})})).status).to.equal(401)
    expect((await send('POST', '/api/v1/sessions', {headers: json, body: JSON.stringify({office: 'NOSUCH01', password: passwords[4]})})).status).to.equal(401)
    expect((await send('POST', '/api/v1/sessions', {headers: json, body: `{"office": "OTHER01", "password": "${passwords[5]}"`})).status).to.equal(400)
    expect((await send('POST', '/api/v1/sessions', {headers: json, body: `{"office": "OTHER01", "password": "${passwords[5]}" "x"}`})).status).to.equal(400)
    expect((await send('POST', '/api/v1/sessions', {headers: json, body: JSON.stringify({office: 'OTHER01', password: OTHER_PASSWORD, pin: passwords[6]})})).status).to.equal(400)
    expect((await send('POST', '/api/v1/sessions', {headers: {'content-type': 'text/plain'}, body: `office=OTHER01&password=${OTHER_PASSWORD}`})).status).to.equal(415)

    // Requests with tokens: the CLI with the login's and with a script's token, refusals and errors.
    const script = createToken(desk.home, {office: 'NACCS01'})
    const revoked = createToken(desk.home, {office: 'OTHER01'})
    tokens.push(script.token, revoked.token)
    must(nss(['token', 'revoke', revoked.id], {env: desk.ops}), 'token revoke')
    const receiptNo = must(run(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--idempotency-key', 'log-test-1', '--json'], office.json.token), 'apply').receiptNo
    must(run(['review', receiptNo, '--complete', '', '--json'], reviewer.json.token), 'complete')
    const issued = must(run(['status', receiptNo, '--passwords', '--json'], script.token), 'passwords')
    passwords.push(...issued.passwords.map((p: {password: string}) => p.password))
    must(run(['status', '--json'], script.token), 'status')
    expect(run(['status', receiptNo, '--json'], revoked.token).code).to.equal(4)
    expect(run(['status', '2699999C', '--json'], script.token).code).to.equal(3)
    expect(run(['amend', receiptNo, '--file', path.join(EXAMPLES, 'amend.json')], script.token).code).to.equal(5)
    expect(run(['review', receiptNo, '--query', 'x'], script.token).code).to.equal(4)
    expect((await send('GET', '/api/v1/nothing-here', {headers: {authorization: `Bearer ${script.token}`}})).status).to.equal(404)
    expect((await send('GET', '/api/v1/applications', {headers: {authorization: `Basic ${Buffer.from(`NACCS01:${OFFICE_PASSWORD}`).toString('base64')}`}})).status).to.equal(401)
    expect((await send('GET', '/api/v1/applications', {headers: {authorization: `Token ${script.token}`}})).status).to.equal(401)
    expect((await send('POST', `/api/v1/applications/${receiptNo}/withdrawal`, {headers: {authorization: `Bearer ${script.token}`, ...json}, body: '{"x": '})).status).to.equal(400)
    // nss logout's request: the login's token revoked, and refused after.
    expect((await send('DELETE', '/api/v1/session', {headers: {authorization: `Bearer ${office.json.token}`}})).status).to.equal(200)
    expect((await send('GET', '/api/v1/session', {headers: {authorization: `Bearer ${office.json.token}`}})).status).to.equal(401)
    await pause(500)
  })

  after(async () => {
    await server?.stop()
  })

  /** Every form of a token a log could hold: as it is, its random part, its tail, its SHA-256. */
  const tokenForms = (): string[] => tokens.flatMap(token => [
    token, token.slice('nssd_'.length), token.slice(-20),
    createHash('sha256').update(token).digest('hex'), createHash('sha256').update(token).digest('base64'),
  ])
  /** ... and of the passwords: as they are, in base64, in a Basic header. */
  const forms = (): string[] => [
    ...tokenForms(),
    ...passwords.flatMap(password => [password, Buffer.from(password).toString('base64')]),
    Buffer.from(`NACCS01:${OFFICE_PASSWORD}`).toString('base64'),
  ]

  it('writes JSON log lines, one a request with its reqId, what it asked and what it was answered', () => {
    const lines = server.log()
    const records = lines.map(line => {
      try {
        return JSON.parse(line) as Record<string, unknown>
      } catch {
        throw new Error(`not a JSON log line: ${line}`)
      }
    })
    const aboutRequests = records.filter(r => r.req !== undefined || r.res !== undefined || r.principal !== undefined || r.msg === 'login')
    expect(aboutRequests.length).to.be.at.least(requests)
    for (const record of aboutRequests) expect(record.reqId, JSON.stringify(record)).to.match(/^[0-9a-f]{16}$/)
    const completed = records.filter(r => r.msg === 'request completed')
    expect(completed).to.have.lengthOf(requests)
    for (const record of completed) {
      expect(record.req, JSON.stringify(record)).to.include.keys('method', 'url', 'remoteAddress')
      expect(record.res, JSON.stringify(record)).to.have.property('statusCode').that.is.a('number')
      expect(record.responseTime, JSON.stringify(record)).to.be.a('number')
    }
    // An answer to a token names whose it was (the principal), never the token.
    expect(completed.filter(r => r.principal === 'office:NACCS01'), 'a request of the office\'s token').to.not.deep.equal([])
    // Fastify's own pair of lines is not written: the request's one line says it all.
    expect(records.filter(r => r.msg === 'incoming request')).to.deep.equal([])
    // Each login is logged, with the token's id and never the token.
    expect(records.filter(r => r.msg === 'login')).to.have.lengthOf(2)
  })

  it('has no token, token hash or password in any server log line', () => {
    const log = server.log()
    expect(log.length).to.be.above(10)
    for (const secret of forms()) {
      const line = log.find(l => l.includes(secret))
      expect(line, `a log line holds a secret (${secret.slice(0, 6)}…): ${line}`).to.equal(undefined)
    }
  })

  it('has no token or password in any CLI output on stderr, and no token on stdout', () => {
    expect(cliRuns.length).to.be.at.least(8)
    for (const run of cliRuns) {
      for (const secret of forms()) expect(run.stderr, `stderr holds a secret (${secret.slice(0, 6)}…)`).to.not.include(secret)
      for (const secret of tokenForms()) expect(run.stdout, `stdout holds a token (${secret.slice(0, 6)}…)`).to.not.include(secret)
    }
  })
})
