/**
 * The desk server as a trust boundary (issue 12, acceptance point 2), against a real `nss serve` over
 * TLS with the test CA: through the CLI in remote mode (NSS_URL, NSS_TOKEN, NSS_CA_FILE; its NSS_HOME
 * an empty folder with no store and no secret.key) and through raw HTTPS. The principal is the token's
 * alone: no token, a malformed, unknown, revoked or expired one are refused alike (exit 4, one
 * answer); a read-only token changes nothing; office B's token on office A's application is refused as
 * locally; the actor named on the command line must be the token's; bodies are capped and JSON only;
 * an untrusted server gets no token. Logins, the throttle and the logs: server-login-security.test.ts.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {generateApiToken} from '../../src/app/api-token'
import {MAX_INPUT_BYTES} from '../../src/app/input-file'
import {BIN, CliResult, EXAMPLES, nss, nssAsync, openStoreReadOnly, ROOT, seededDesk, tempHome} from '../support/cli'
import {rawRequest} from '../support/https-request'
import {createToken, startServer, testCa, TestServer} from '../support/server'
import {storeEnv} from '../support/store'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const AMENDMENT = path.join(EXAMPLES, 'amend.json')
/** What the server takes at most: the CLI's input cap and 64 KiB (src/server/settings.ts). */
const BODY_LIMIT = MAX_INPUT_BYTES + 64 * 1024

function must(result: CliResult, what: string): any {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
  return result.json
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** What a refused request may not have touched: applications and their states, mails, history, passwords, keys. */
function storeSnapshot(home: string): unknown {
  const store = openStoreReadOnly(home)
  try {
    return {
      applications: store.prepare('SELECT receiptNo, status, supersededBy FROM applications ORDER BY receiptNo').all(),
      outbox: store.prepare('SELECT id, kind, receiptNo FROM outbox ORDER BY id').all(),
      log: store.prepare('SELECT count(*) AS n FROM application_log').get(),
      passwords: store.prepare('SELECT count(*) AS n FROM issued_passwords').get(),
      idempotencyKeys: store.prepare('SELECT count(*) AS n FROM idempotency_keys').get(),
    }
  } finally {
    store.close()
  }
}

/** The server's log lines of requests (one a request, when it is answered), to tell whether a request reached it. */
function requestLines(server: TestServer): string[] {
  return server.log().filter(line => line.includes('"request completed"'))
}

describe('the desk server at its trust boundary (issue 12)', function () {
  this.timeout(120_000)
  let desk: ReturnType<typeof seededDesk>
  let server: TestServer
  /** The client's NSS_HOME: an empty folder, no store, no secret.key. */
  let clientHome: string
  const tokens = {} as Record<'office' | 'other' | 'reviewer' | 'officeReadOnly' | 'reviewerReadOnly', string>
  /** NACCS01's application under query (its office may amend or withdraw it). */
  let underQuery: string
  /** NACCS01's completed application with issued passwords, within their window. */
  let completed: string
  /** NACCS01's application as received (the reviewer may query or complete it). */
  let received: string
  let issuedPasswords: string[]

  /** The environment of the CLI in remote mode with `token` (none: undefined). */
  const remote = (token: string | undefined, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
    NSS_URL: server.url, NSS_TOKEN: token, NSS_CA_FILE: testCa().caFile,
    // No store here: NSS_DB names a file that does not exist in the empty folder (and, on a PostgreSQL
    // run, keeps cli.ts from giving the client a database of its own).
    NSS_HOME: clientHome, NSS_DB: path.join(clientHome, 'nss.sqlite'), XDG_CONFIG_HOME: clientHome,
    NSS_OFFICE: undefined, NSS_REVIEWER: undefined, NSS_PASSWORD: undefined,
    ...extra,
  })

  before(async function () {
    this.timeout(240_000)
    desk = seededDesk()
    clientHome = tempHome()
    const apply = () => must(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply').receiptNo as string
    underQuery = apply()
    must(nss(['review', underQuery, '--query', 'ご確認ください。', '--json'], {env: desk.reviewer}), 'query')
    completed = apply()
    must(nss(['review', completed, '--complete', '', '--json'], {env: desk.reviewer}), 'complete')
    issuedPasswords = must(nss(['status', completed, '--passwords', '--json'], {env: desk.office}), 'passwords')
      .passwords.map((p: {password: string}) => p.password)
    received = apply()
    tokens.office = createToken(desk.home, {office: 'NACCS01'}).token
    tokens.other = createToken(desk.home, {office: 'OTHER01'}).token
    tokens.reviewer = createToken(desk.home, {reviewer: 'r.sato'}).token
    tokens.officeReadOnly = createToken(desk.home, {office: 'NACCS01'}, ['--read-only']).token
    tokens.reviewerReadOnly = createToken(desk.home, {reviewer: 'r.sato'}, ['--read-only']).token
    server = await startServer(desk.home)
  })

  after(async () => {
    await server?.stop()
  })

  afterEach(() => {
    server?.setTime(undefined)
  })

  it('leaves the client folder empty: the remote CLI made no store and no secret.key there', () => {
    must(nss(['status', '--json'], {env: remote(tokens.office)}), 'status')
    expect(fs.readdirSync(clientHome)).to.deep.equal([])
  })

  describe('tokens', () => {
    const authorization = (token: string) => ({authorization: `Bearer ${token}`})

    it('refuses a request without a token: the CLI with exit 4 (unauthorized) before sending anything, the API with 401', async () => {
      // The line of the test before's last request is written after its answer left: counted once it is there.
      await pause(300)
      const before = requestLines(server).length
      const cli = nss(['status', '--json'], {env: remote(undefined)})
      expect(cli.code, cli.stderr + cli.stdout).to.equal(4)
      expect(cli.json.error.code).to.equal('unauthorized')
      await pause(300)
      expect(requestLines(server).length, 'a request reached the server').to.equal(before)

      const api = await rawRequest(server, 'GET', '/api/v1/applications')
      expect(api.status).to.equal(401)
      expect(api.json.error.code).to.equal('unauthorized')
      expect(api.headers['www-authenticate']).to.equal('Bearer realm="nss-desk"')
      expect(api.body).to.not.include(underQuery)
    })

    it('refuses malformed Authorization headers with 401 unauthorized, whatever follows, showing nothing', async () => {
      for (const header of ['Basic bmFjY3MwMTpwYXNz', 'Bearer', `Bearer ${tokens.office} extra`, `Token ${tokens.office}`, `${tokens.office}`]) {
        const api = await rawRequest(server, 'GET', '/api/v1/applications', {headers: {authorization: header}})
        expect(api.status, header).to.equal(401)
        expect(api.json.error.code, header).to.equal('unauthorized')
        expect(api.body, header).to.not.include(underQuery)
        expect(api.body, header).to.not.include(tokens.office)
      }
      // The same token in a well-formed header is let in: the refusals above are the header's form.
      const accepted = await rawRequest(server, 'GET', '/api/v1/applications', {headers: authorization(tokens.office)})
      expect(accepted.status, accepted.body).to.equal(200)
    })

    it('refuses an unknown, a revoked, an expired and a malformed token with one byte-identical answer (401), and the CLI with exit 4 and one output', async () => {
      const revoked = createToken(desk.home, {office: 'NACCS01'})
      const expiring = createToken(desk.home, {office: 'NACCS01'}, ['--expires-days', '1'])
      // Both work first: what refuses them below is the revocation and the clock.
      for (const token of [revoked.token, expiring.token]) {
        expect((await rawRequest(server, 'GET', '/api/v1/applications', {headers: authorization(token)})).status).to.equal(200)
      }
      must(nss(['token', 'revoke', revoked.id, '--json'], {env: desk.ops}), 'token revoke')
      server.setTime(new Date(Date.parse(expiring.expiresAt) + 60_000).toISOString())
      // The revoked token and the others still work on this clock: only the expiring one expired.
      expect((await rawRequest(server, 'GET', '/api/v1/applications', {headers: authorization(tokens.office)})).status).to.equal(200)

      const real = tokens.office
      const refused: Record<string, string> = {
        unknown: generateApiToken(),
        revoked: revoked.token,
        expired: expiring.token,
        'bad checksum': `${real.slice(0, -1)}${real.endsWith('0') ? '1' : '0'}`,
        'no prefix': real.slice('nssd_'.length),
        'too short': real.slice(0, -2),
        'not a token': 'hunter2',
      }
      const answers: Record<string, string> = {}
      const outputs: Record<string, string> = {}
      for (const [what, token] of Object.entries(refused)) {
        const api = await rawRequest(server, 'GET', `/api/v1/applications/${underQuery}`, {headers: authorization(token)})
        expect(api.status, what).to.equal(401)
        expect(api.json.error.code, what).to.equal('unauthorized')
        answers[what] = JSON.stringify({status: api.status, body: api.body, authenticate: api.headers['www-authenticate'], type: api.headers['content-type']})
        const cli = nss(['status', underQuery, '--json'], {env: remote(token)})
        expect(cli.code, `${what}: ${cli.stderr}${cli.stdout}`).to.equal(4)
        expect(cli.json.error.code, what).to.equal('unauthorized')
        expect(cli.stdout + cli.stderr, what).to.not.include(token)
        outputs[what] = cli.stdout + cli.stderr
      }
      expect(new Set(Object.values(answers)), JSON.stringify(answers, null, 2)).to.have.lengthOf(1)
      expect(new Set(Object.values(outputs)), JSON.stringify(outputs, null, 2)).to.have.lengthOf(1)
    })

    it('refuses NSS_TOKEN with a line break, a space or a non-ASCII letter inside with exit 4 (unauthorized), sending nothing and quoting nothing', async () => {
      await pause(300)
      const before = requestLines(server).length
      const real = tokens.office
      for (const token of [`${real}\r\nX-Evil: 1`, `${real.slice(0, 20)}\n${real.slice(20)}`, `${real} ${real}`, `nssd_ä${real.slice(6)}`]) {
        const result = nss(['status', '--json'], {env: remote(token)})
        expect(result.code, JSON.stringify(token) + result.stderr + result.stdout).to.equal(4)
        expect(result.json.error.code).to.equal('unauthorized')
        expect(result.stdout + result.stderr).to.not.include(real.slice(20))
      }
      await pause(300)
      expect(requestLines(server).length, 'a request reached the server').to.equal(before)
    })

    it('lets a read-only office token read (status, the 参照 screen) and refuses apply, amend and withdraw with exit 4, changing nothing', () => {
      const env = remote(tokens.officeReadOnly)
      const list = must(nss(['status', '--json'], {env}), 'status')
      expect(list.applications.map((a: {receiptNo: string}) => a.receiptNo)).to.include(underQuery)
      expect(must(nss(['status', underQuery, '--json'], {env}), 'status R').receiptNo).to.equal(underQuery)

      const before = storeSnapshot(desk.home)
      const attempts: [string, string[]][] = [
        ['apply', ['apply', '--file', APPLICATION, '--json']],
        ['apply with an idempotency key', ['apply', '--file', APPLICATION, '--idempotency-key', 'read-only-1', '--json']],
        ['amend', ['amend', underQuery, '--file', AMENDMENT, '--json']],
        ['withdraw', ['withdraw', underQuery, '--json']],
      ]
      for (const [what, args] of attempts) {
        const result = nss(args, {env})
        expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(4)
        expect(result.json.error.code, what).to.equal('forbidden')
        expect(result.json.error.message, what).to.match(/読み取り専用/)
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
    })

    it('lets a read-only reviewer token see the queue and the review check, and refuses --query and --complete with exit 4, changing nothing', () => {
      const env = remote(tokens.reviewerReadOnly)
      const queue = must(nss(['status', '--json'], {env}), 'status')
      expect(JSON.stringify(queue)).to.include(received)
      must(nss(['review', received, '--check', '--json'], {env}), 'review --check')

      const before = storeSnapshot(desk.home)
      for (const args of [['review', received, '--query', '確認'], ['review', received, '--complete', ''], ['review', received, '--query', '', '--from-check']]) {
        const result = nss([...args, '--json'], {env})
        expect(result.code, `${args.join(' ')}: ${result.stderr}${result.stdout}`).to.equal(4)
        expect(result.json.error.code).to.equal('forbidden')
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
      // The reviewer's read-write token may query: on an application of its own, so that the others stay as they are.
      const fresh = must(nss(['apply', '--file', APPLICATION, '--json'], {env: remote(tokens.office)}), 'apply').receiptNo
      must(nss(['review', fresh, '--query', '確認', '--json'], {env: remote(tokens.reviewer)}), 'review --query')
    })
  })

  describe("office B's token on office A's application", () => {
    const attempts: [string, () => string[]][] = [
      ['status R', () => ['status', underQuery, '--json']],
      ['status R --passwords', () => ['status', completed, '--passwords', '--json']],
      ['amend R', () => ['amend', underQuery, '--file', AMENDMENT, '--json']],
      ['withdraw R', () => ['withdraw', underQuery, '--json']],
    ]
    for (const [what, args] of attempts) {
      it(`refuses OTHER01's ${what} on NACCS01's application with the exit code and error of the local CLI (4), revealing and changing nothing`, () => {
        const before = storeSnapshot(desk.home)
        const local = nss(args(), {env: desk.other})
        const remoteResult = nss(args(), {env: remote(tokens.other)})
        expect(local.code, local.stderr + local.stdout).to.equal(4)
        expect(remoteResult.code, remoteResult.stderr + remoteResult.stdout).to.equal(local.code)
        expect(remoteResult.json.error.code).to.equal(local.json.error.code)
        expect(remoteResult.json.error).to.deep.equal(local.json.error)
        const output = remoteResult.stdout + remoteResult.stderr
        expect(output).to.not.include('通関 太郎')
        expect(output).to.not.include('taro@example.jp')
        for (const password of issuedPasswords) expect(output).to.not.include(password)
        expect(storeSnapshot(desk.home)).to.deep.equal(before)
      })
    }

    it("does not list NACCS01's applications or news to OTHER01's token", () => {
      const list = must(nss(['status', '--json'], {env: remote(tokens.other)}), 'status')
      expect(list.applications).to.deep.equal([])
      expect(list.news).to.deep.equal([])
    })
  })

  describe('the principal is the token', () => {
    it("refuses a reviewer token on an office's verbs (apply, amend, withdraw, --passwords) with exit 4, changing nothing", () => {
      const before = storeSnapshot(desk.home)
      for (const args of [
        ['apply', '--file', APPLICATION, '--json'], ['amend', underQuery, '--file', AMENDMENT, '--json'],
        ['withdraw', underQuery, '--json'], ['status', completed, '--passwords', '--json'],
      ]) {
        const result = nss(args, {env: remote(tokens.reviewer)})
        expect(result.code, `${args[0]}: ${result.stderr}${result.stdout}`).to.equal(4)
        expect(result.json.error.code).to.equal('forbidden')
        for (const password of issuedPasswords) expect(result.stdout + result.stderr).to.not.include(password)
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
    })

    it("refuses an office token on the reviewer's verbs (review --query, --complete, --check) with exit 4, changing nothing", () => {
      const before = storeSnapshot(desk.home)
      for (const args of [['review', received, '--query', '確認'], ['review', received, '--complete', ''], ['review', received, '--check']]) {
        const result = nss([...args, '--json'], {env: remote(tokens.office)})
        expect(result.code, `${args.join(' ')}: ${result.stderr}${result.stdout}`).to.equal(4)
        expect(result.json.error.code).to.equal('forbidden')
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
    })

    it("refuses --office OTHER01 (or --reviewer) given with NACCS01's token with exit 4 (Nss-Acting-As), doing nothing; --office NACCS01 goes through", async () => {
      const before = storeSnapshot(desk.home)
      for (const args of [
        ['apply', '--file', APPLICATION, '--office', 'OTHER01', '--json'],
        ['status', '--office', 'OTHER01', '--json'],
        ['status', underQuery, '--reviewer', 'r.sato', '--json'],
        ['withdraw', underQuery, '--office', 'OTHER01', '--json'],
        // A name no header could carry as typed (RFC 9110 §5.5) goes percent-encoded, and is refused by name.
        ['status', '--office', '東京%01', '--json'],
        ['status', '--reviewer', 'r.佐藤', '--json'],
      ]) {
        const result = nss(args, {env: remote(tokens.office)})
        expect(result.code, `${args.join(' ')}: ${result.stderr}${result.stdout}`).to.equal(4)
        expect(result.json.error.code).to.equal('forbidden')
        expect(result.json.error.message).to.include('office:NACCS01')
        expect(result.json.error.message).to.include(`${args.includes('--reviewer') ? 'reviewer' : 'office'}:${args[args.length - 2]}`)
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)

      const api = await rawRequest(server, 'POST', '/api/v1/applications', {
        headers: {authorization: `Bearer ${tokens.office}`, 'content-type': 'application/json', 'nss-acting-as': 'office:OTHER01'},
        body: fs.readFileSync(APPLICATION),
      })
      expect(api.status, api.body).to.equal(403)
      expect(storeSnapshot(desk.home)).to.deep.equal(before)

      // The token's own office, as typed by a person (lower case), is no refusal.
      const own = must(nss(['status', underQuery, '--office', 'naccs01', '--json'], {env: remote(tokens.office)}), 'status --office naccs01')
      expect(own.receiptNo).to.equal(underQuery)
    })
  })

  describe('reads kept between requests (SQLite: src/store/read-models.ts)', () => {
    it('answers a read again once another process changed what it read: the status and list after a query on the desk host, a token revoked there', async () => {
      const authorization = (token: string) => ({authorization: `Bearer ${token}`})
      const receiptNo = must(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply').receiptNo as string
      const script = createToken(desk.home, {office: 'NACCS01'})
      const read = async (url: string, token = script.token) => {
        const answer = await rawRequest(server, 'GET', url, {headers: authorization(token)})
        expect(answer.status, answer.body).to.equal(200)
        return answer.json
      }
      const listed = async () => (await read('/api/v1/applications')).applications.find((a: {receiptNo: string}) => a.receiptNo === receiptNo)
      // Read twice: the second from what the first read, the store unchanged.
      for (let i = 0; i < 2; i++) {
        expect((await read(`/api/v1/applications/${receiptNo}`)).status).to.equal('received')
        expect((await listed()).status).to.equal('received')
      }
      const before = await read(`/api/v1/applications/${receiptNo}`)
      must(nss(['review', receiptNo, '--query', '再度ご確認ください。', '--json'], {env: desk.reviewer}), 'query on the desk host')
      const after = await read(`/api/v1/applications/${receiptNo}`)
      expect(after.status).to.equal('query')
      expect(after.log.length).to.equal(before.log.length + 1)
      expect((await listed()).status).to.equal('query')
      // Revoked on the desk host after the server had read it: refused from the next request on.
      must(nss(['token', 'revoke', script.id, '--json'], {env: desk.ops}), 'token revoke')
      const refused = await rawRequest(server, 'GET', `/api/v1/applications/${receiptNo}`, {headers: authorization(script.token)})
      expect(refused.status, refused.body).to.equal(401)
      expect((await read(`/api/v1/applications/${receiptNo}`, tokens.office)).status).to.equal('query')
    })
  })

  describe('request bodies', () => {
    const headers = () => ({authorization: `Bearer ${tokens.office}`, 'content-type': 'application/json'})
    const expectInvalidInput = (answer: {status: number; json: any; body: string}, status: number) => {
      expect(answer.status, answer.body).to.equal(status)
      expect(answer.json?.error?.code, answer.body).to.equal('invalid_input')
      expect(answer.json.error.issues).to.be.an('array').that.is.not.empty
    }

    it(`refuses a body over ${BODY_LIMIT} bytes with 413 invalid_input, with or without Content-Length, every time, and takes one of exactly that size to the use case`, async () => {
      const before = storeSnapshot(desk.home)
      const padded = (size: number) => {
        const json = '{"receiptNo": "x"}'
        return Buffer.concat([Buffer.from(json), Buffer.alloc(size - json.length, 0x20)])
      }
      // Several times: a server that answers while the client is still sending, and closes, loses the answer
      // to a reset (EPIPE) about every other time.
      for (let i = 0; i < 10; i++) {
        const over = await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body: padded(BODY_LIMIT + 1)})
        expectInvalidInput(over, 413)
        expect(over.json.error.message).to.include(String(BODY_LIMIT))
      }
      expectInvalidInput(await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body: padded(32 * 1024 * 1024)}), 413)
      const chunked = await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body: padded(BODY_LIMIT + 1), chunked: true})
      expectInvalidInput(chunked, 413)
      const far = await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body: padded(32 * 1024 * 1024), chunked: true})
      expectInvalidInput(far, 413)
      // At the limit the body is read and parsed: the use case refuses its content (400), not its size.
      const at = await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body: padded(BODY_LIMIT)})
      expectInvalidInput(at, 400)
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
    })

    it('maps the 413 of a body the CLI made too large to exit 2 (invalid_input), every time', async () => {
      // Under the CLI's own 4 MiB cap as a file, over the server's as JSON the client writes: 1E9 becomes 1000000000.
      const file = path.join(tempHome(), 'numbers.json')
      fs.writeFileSync(file, `{"x": [${Array.from({length: 500_000}, () => '1E9').join(',')}]}`)
      expect(fs.statSync(file).size).to.be.below(MAX_INPUT_BYTES)
      expect(JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))).length).to.be.above(BODY_LIMIT)
      const before = storeSnapshot(desk.home)
      // Eight at once: the answer lost to a reset was "cannot reach the desk server" (exit 6) about one time in five.
      const results = await Promise.all(Array.from({length: 8}, () => nssAsync(['apply', '--file', file, '--json'], {env: remote(tokens.office)})))
      for (const result of results) {
        expect(result.code, result.stderr + result.stdout).to.equal(2)
        expect(result.json.error.code).to.equal('invalid_input')
        expect(result.json.error.message).to.include(String(BODY_LIMIT))
      }
      expect(storeSnapshot(desk.home)).to.deep.equal(before)
      fs.rmSync(path.dirname(file), {recursive: true, force: true})
    })

    it('refuses a body that is not JSON by its Content-Type with 415 invalid_input naming Content-Type', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const answer = await rawRequest(server, 'POST', '/api/v1/applications', {headers: {...headers(), 'content-type': type}, body: 'a=1'})
        expectInvalidInput(answer, 415)
        expect(answer.json.error.issues[0].path, type).to.equal('Content-Type')
      }
      const none = await rawRequest(server, 'POST', '/api/v1/applications', {headers: {authorization: `Bearer ${tokens.office}`}, body: '{}'})
      expectInvalidInput(none, 415)
    })

    it('refuses JSON with a syntax error with 400 invalid_input naming body:line:column', async () => {
      const cases: [string, string][] = [
        ['hello', 'body:1:1'],
        ['{\n  "a": 1,\n  "b" 2\n}', 'body:3:7'],
        ['{"a": 1,}', 'body:1:9'],
        ['{"a": 1}\n{"b": 2}', 'body:2:1'],
      ]
      for (const [body, where] of cases) {
        const answer = await rawRequest(server, 'POST', '/api/v1/applications', {headers: headers(), body})
        expectInvalidInput(answer, 400)
        expect(answer.json.error.message, body).to.match(new RegExp(`^${where}: JSONとして正しくありません`))
        expect(answer.json.error.issues[0].path, body).to.equal(where)
      }
    })

    it('refuses a JSON body with a duplicate key with 400 invalid_input, as the CLI refuses such a file', async () => {
      const answer = await rawRequest(server, 'POST', `/api/v1/applications/${underQuery}/amendments`, {headers: headers(), body: '{"adminName": "a", "adminName": "b"}'})
      expectInvalidInput(answer, 400)
    })
  })

  describe('trust in the server', () => {
    let wrongCa: string

    before(() => {
      const dir = tempHome()
      const result = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key',
        '-subj', '/CN=another CA', '-days', '29000', '-out', 'ca.pem'], {cwd: dir, encoding: 'utf8'})
      if (result.status !== 0) throw new Error(`openssl: ${result.stderr}`)
      wrongCa = path.join(dir, 'ca.pem')
    })

    for (const [what, caFile] of [['without NSS_CA_FILE', () => undefined], ['with another CA in NSS_CA_FILE', () => wrongCa]] as [string, () => string | undefined][]) {
      it(`refuses a server whose certificate it does not trust (${what}) with exit 6, before any request reaches it`, async () => {
        await pause(300)
        const before = requestLines(server).length
        const result = nss(['status', '--json'], {env: remote(tokens.office, {NSS_CA_FILE: caFile(), NODE_EXTRA_CA_CERTS: undefined})})
        expect(result.code, result.stderr + result.stdout).to.equal(6)
        expect(result.json.error.code).to.equal('infrastructure')
        expect(result.json.error.message).to.include('は信頼できません').and.include('NSS_CA_FILE')
        expect(result.stdout + result.stderr).to.not.include(tokens.office)
        await pause(300)
        expect(requestLines(server).length, 'a request reached the server').to.equal(before)
        // The same call trusting the test CA reaches it.
        must(nss(['status', '--json'], {env: remote(tokens.office, {NODE_EXTRA_CA_CERTS: undefined})}), 'status')
        await pause(300)
        expect(requestLines(server).length).to.equal(before + 1)
      })
    }
  })
})

/** `nss serve ARGS` on `home`'s desk with `env`, waiting at most `ms` for it to exit by itself. */
function serveOnce(home: string, args: string[], env: Record<string, string | undefined>, ms = 20_000) {
  const full: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', NSS_HOME: home, ...storeEnv(home), NSS_TLS_CERT: undefined, NSS_TLS_KEY: undefined, ...env}
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k]
  const started = Date.now()
  const result = spawnSync(process.execPath, [BIN, 'serve', ...args, '--json'], {env: full, cwd: ROOT, encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL'})
  let json: any
  try {
    json = JSON.parse(result.stdout)
  } catch {
    json = undefined
  }
  return {code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, json, ms: Date.now() - started}
}

/** This machine's addresses that are not loopback (IPv4 and global IPv6). */
function nonLoopbackAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flat()
    .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80')))
    .map(a => (a.family === 'IPv6' ? `[${a.address}]` : a.address))
}

describe('plain HTTP only on loopback (issue 12)', function () {
  this.timeout(120_000)
  let desk: ReturnType<typeof seededDesk>

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
  })

  const refusedListens = () => ['0.0.0.0:0', '[::]:0', ...nonLoopbackAddresses().map(address => `${address}:0`)]

  it('refuses `nss serve --listen` on a non-loopback address without NSS_TLS_CERT/KEY with exit 6 at once, naming --listen', () => {
    const listens = refusedListens()
    console.log(`      refused: ${listens.join(', ')}`)
    for (const listen of listens) {
      const result = serveOnce(desk.home, ['--listen', listen], {})
      expect(result.signal, `${listen}: still running after 20 s: ${result.stdout}${result.stderr}`).to.equal(null)
      expect(result.code, `${listen}: ${result.stderr}${result.stdout}`).to.equal(6)
      expect(result.json.error.code).to.equal('infrastructure')
      expect(result.json.error.issues.map((i: {path: string}) => i.path), listen).to.include('--listen')
      expect(result.stdout, listen).to.not.match(/Server listening/)
    }
  })

  it('refuses TLS with only one of NSS_TLS_CERT and NSS_TLS_KEY with exit 6 naming the missing one, on loopback too', () => {
    const {certFile, keyFile} = testCa()
    for (const listen of ['127.0.0.1:0', '0.0.0.0:0']) {
      const onlyCert = serveOnce(desk.home, ['--listen', listen], {NSS_TLS_CERT: certFile})
      expect(onlyCert.code, onlyCert.stderr + onlyCert.stdout).to.equal(6)
      expect(onlyCert.json.error.issues.map((i: {path: string}) => i.path)).to.include('NSS_TLS_KEY')
      const onlyKey = serveOnce(desk.home, ['--listen', listen], {NSS_TLS_KEY: keyFile})
      expect(onlyKey.code, onlyKey.stderr + onlyKey.stdout).to.equal(6)
      expect(onlyKey.json.error.issues.map((i: {path: string}) => i.path)).to.include('NSS_TLS_CERT')
    }
  })

  it('serves plain HTTP on 127.0.0.1, to the CLI with NSS_URL=http://127.0.0.1:PORT', async () => {
    const plain = await startServer(desk.home, {tls: false})
    try {
      expect(plain.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
      const health = await rawRequest(plain, 'GET', '/healthz')
      expect(health.status).to.equal(200)
      const token = createToken(desk.home, {office: 'NACCS01'}).token
      const client = tempHome()
      const result = nss(['status', '--json'], {env: {NSS_URL: plain.url, NSS_TOKEN: token, NSS_HOME: client, NSS_DB: path.join(client, 'nss.sqlite'), XDG_CONFIG_HOME: client}})
      expect(result.code, result.stderr + result.stdout).to.equal(0)
      expect(result.json.applications).to.be.an('array')
    } finally {
      await plain.stop()
    }
  })

  it('refuses NSS_URL=http:// to a non-loopback address with exit 6, without connecting (so without sending the token)', async () => {
    const connections: string[] = []
    const listener = net.createServer(socket => {
      socket.once('data', data => connections.push(data.toString('latin1')))
      socket.on('error', () => {})
      socket.destroy()
    })
    await new Promise<void>(resolve => listener.listen(0, '0.0.0.0', resolve))
    const {port} = listener.address() as net.AddressInfo
    let accepted = 0
    listener.on('connection', () => { accepted++ })
    try {
      const token = createToken(desk.home, {office: 'NACCS01'}).token
      const client = tempHome()
      const env = (url: string) => ({NSS_URL: url, NSS_TOKEN: token, NSS_HOME: client, NSS_DB: path.join(client, 'nss.sqlite'), XDG_CONFIG_HOME: client})
      // 0.0.0.0 as a destination is this host on Linux: the listener would see the request if one were sent.
      const hosts = ['0.0.0.0', ...nonLoopbackAddresses().filter(a => !a.startsWith('['))]
      for (const host of hosts) {
        // Not spawnSync: the listener must be able to accept while the CLI runs.
        const result = await nssAsync(['status', '--json'], {env: env(`http://${host}:${port}`)})
        expect(result.code, `${host}: ${result.stderr}${result.stdout}`).to.equal(6)
        expect(result.json.error.message).to.include('https:// で指定してください')
        expect(result.stdout + result.stderr).to.not.include(token)
      }
      await pause(200)
      expect(accepted, `connections: ${connections.join(' | ')}`).to.equal(0)
      // The listener does see a client that connects: https:// to the same address connects (and fails its TLS handshake).
      const https = await nssAsync(['status', '--json'], {env: env(`https://0.0.0.0:${port}`)})
      expect(https.code).to.equal(6)
      await pause(200)
      expect(accepted).to.be.at.least(1)
      expect(connections.join('')).to.not.include(token)
    } finally {
      await new Promise(resolve => listener.close(resolve))
    }
  })
})
