/**
 * `nss passwd` (issue 13, パスワードの変更): an office or a reviewer changes its own password, through the
 * real CLI, locally and against a real `nss serve` over TLS. The old password then fails and the new
 * one works; a new password the policy refuses is exit 2 naming every problem and changes nothing; a
 * wrong current password is exit 4 and counts toward the lock — through the server too, where the
 * token alone changes nothing. Afterwards the account's other login tokens (nss login) are refused,
 * the token of the change and the scripts' API tokens still work. No password is printed, logged or audited.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {CliResult, nss, OFFICE_PASSWORD, openStoreReadOnly, REVIEWER_PASSWORD, seededDesk} from '../support/cli'
import {rawRequest} from '../support/https-request'
import {createToken, startServer, testCa, TestServer} from '../support/server'

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

function rows(home: string, sql: string, ...params: unknown[]): Record<string, any>[] {
  const store = openStoreReadOnly(home)
  try {
    return store.prepare(sql).all(...params) as Record<string, any>[]
  } finally {
    store.close()
  }
}

const officeRow = (home: string, code: string) => rows(home, 'SELECT passwordHash, failedLogins FROM offices WHERE code = ?', code)[0]

describe('nss passwd: an account changes its own password (issue 13)', function () {
  this.timeout(240_000)
  const outputs: CliResult[] = []
  /** Every password any test used: none may appear in any output, log line or audit row. */
  const passwords = new Set<string>([OFFICE_PASSWORD, REVIEWER_PASSWORD])
  const run = (args: string[], env: Record<string, string>) => {
    // The short ones refused by the policy are words an output may hold for other reasons.
    for (const password of [env.NSS_PASSWORD, env.NSS_NEW_PASSWORD]) if (password && password.length >= 8) passwords.add(password)
    const result = nss(args, {env})
    outputs.push(result)
    return result
  }

  describe('locally', () => {
    let desk: ReturnType<typeof seededDesk>
    before(() => {
      desk = seededDesk()
    })

    it('refuses a new password the policy refuses (exit 2, every problem named) and changes nothing', () => {
      const before = officeRow(desk.home, 'NACCS01')
      const code = run(['passwd', '--json'], {...desk.office, NSS_NEW_PASSWORD: 'naccs01'})
      expect(code.code, code.stderr).to.equal(2)
      const messages = code.json.error.issues.map((i: any) => `${i.path}: ${i.message}`)
      expect(messages).to.deep.equal([
        'newPassword: 8文字以上で入力してください。',
        'newPassword: 事業所コードや審査担当者IDそのものは使えません。',
      ])
      const same = run(['passwd', '--json'], {...desk.office, NSS_NEW_PASSWORD: OFFICE_PASSWORD})
      expect(same.code, same.stderr).to.equal(2)
      expect(same.json.error.issues).to.deep.equal([{path: 'newPassword', message: '現在のパスワードとは別のものにしてください。'}])
      expect(officeRow(desk.home, 'NACCS01')).to.deep.equal(before)
      expect(run(['status', '--json'], desk.office).code).to.equal(0)
    })

    it('refuses a wrong current password (exit 4), counted toward the lock', () => {
      const wrong = run(['passwd', '--json'], {...desk.office, NSS_PASSWORD: 'not-the-password-1', NSS_NEW_PASSWORD: 'brand-new-pass-1'})
      expect(wrong.code, wrong.stderr).to.equal(4)
      expect(wrong.json.error.code).to.equal('unauthorized')
      expect(officeRow(desk.home, 'NACCS01').failedLogins).to.equal(1)
      expect(rows(desk.home, "SELECT action FROM audit_events WHERE actor = 'office:NACCS01' AND action = 'login_failed'")).to.have.length(1)
      expect(rows(desk.home, "SELECT action FROM audit_events WHERE action = 'password_changed'")).to.have.length(0)
    })

    it('changes the office password: the old one then fails, the new one works; audited without the password', () => {
      const changed = run(['passwd', '--json'], {...desk.office, NSS_NEW_PASSWORD: 'brand-new-pass-1'})
      expect(changed.code, changed.stderr).to.equal(0)
      expect(changed.json.principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
      expect(changed.json.revokedLoginTokens).to.deep.equal([])
      expect(officeRow(desk.home, 'NACCS01').failedLogins).to.equal(0)
      expect(run(['status', '--json'], desk.office).code).to.equal(4)
      expect(run(['status', '--json'], {...desk.office, NSS_PASSWORD: 'brand-new-pass-1'}).code).to.equal(0)
      const audit = rows(desk.home, "SELECT actor, detail FROM audit_events WHERE action = 'password_changed'")
      expect(audit).to.deep.equal([{actor: 'office:NACCS01', detail: 'office:NACCS01: 0 other login token(s) revoked'}])
    })

    it('changes a reviewer password with --reviewer, and says so in one line', () => {
      const changed = run(['passwd', '--reviewer', 'r.sato'], {...desk.ops, NSS_LOCALE: 'en', NSS_PASSWORD: REVIEWER_PASSWORD, NSS_NEW_PASSWORD: 'reviewer-new-2'})
      expect(changed.code, changed.stderr).to.equal(0)
      expect(changed.stdout).to.equal('password changed for reviewer r.sato; 0 other login(s) logged out\n')
      expect(run(['status', '--json'], desk.reviewer).code).to.equal(4)
      expect(run(['status', '--json'], {...desk.reviewer, NSS_PASSWORD: 'reviewer-new-2'}).code).to.equal(0)
    })

    it('holds ops to the same policy (nss office passwd): not the code itself', () => {
      const refused = run(['office', 'passwd', 'OTHER01', '--json'], {...desk.ops, NSS_PASSWORD: 'other01'})
      expect(refused.code, refused.stderr).to.equal(2)
      expect(refused.json.error.issues).to.deep.include({path: 'password', message: '事業所コードや審査担当者IDそのものは使えません。'})
    })

    it('keeps the name of login tokens to the server: ops cannot make a script token nss passwd would revoke', () => {
      const refused = run(['token', 'create', '--office', 'NACCS01', '--name', 'nss login from 192.0.2.1', '--json'], desk.ops)
      expect(refused.code, refused.stderr).to.equal(2)
      expect(refused.json.error.issues.map((i: any) => i.path)).to.deep.equal(['name'])
    })
  })

  describe('through the desk server', () => {
    let desk: ReturnType<typeof seededDesk>
    let server: TestServer
    let client: string
    let script: {id: string; token: string}
    const logins: {id: string; token: string}[] = []
    const remote = (token: string, extra: Record<string, string> = {}) => ({
      NSS_HOME: client, NSS_URL: server.url, NSS_TOKEN: token, NSS_CA_FILE: testCa().caFile, ...extra,
    })
    const session = (token: string) => rawRequest(server, 'GET', '/api/v1/session', {headers: {authorization: `Bearer ${token}`}})
    const login = (password: string) => rawRequest(server, 'POST', '/api/v1/sessions', {
      headers: {'content-type': 'application/json'}, body: JSON.stringify({office: 'NACCS01', password}),
    })

    before(async function () {
      this.timeout(120_000)
      desk = seededDesk()
      server = await startServer(desk.home)
      client = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-client-'))
      script = createToken(desk.home, {office: 'NACCS01'})
      for (let i = 0; i < 3; i++) {
        const answer = await login(OFFICE_PASSWORD)
        expect(answer.status, answer.body).to.equal(201)
        logins.push(answer.json)
      }
    })

    after(async () => {
      await server?.stop()
      if (client) fs.rmSync(client, {recursive: true, force: true})
    })

    it('refuses a token without the right current password (exit 4), counted toward the lock', () => {
      const stolen = run(['passwd', '--json'], remote(logins[0].token, {NSS_PASSWORD: 'a-guess-at-it-9', NSS_NEW_PASSWORD: 'taken-over-pass-9'}))
      expect(stolen.code, stolen.stderr).to.equal(4)
      expect(stolen.json.error.code).to.equal('unauthorized')
      expect(officeRow(desk.home, 'NACCS01').failedLogins).to.equal(1)
    })

    it('refuses a new password the policy refuses (exit 2) and changes nothing', () => {
      const before = officeRow(desk.home, 'NACCS01')
      const refused = run(['passwd', '--json'], remote(logins[0].token, {NSS_PASSWORD: OFFICE_PASSWORD, NSS_NEW_PASSWORD: 'short'}))
      expect(refused.code, refused.stderr).to.equal(2)
      expect(refused.json.error.issues).to.deep.equal([{path: 'newPassword', message: '8文字以上で入力してください。'}])
      expect(officeRow(desk.home, 'NACCS01')).to.deep.equal(before)
    })

    it('refuses a read-only token (exit 4)', () => {
      const readOnly = createToken(desk.home, {office: 'NACCS01'}, ['--read-only'])
      const refused = run(['passwd', '--json'], remote(readOnly.token, {NSS_PASSWORD: OFFICE_PASSWORD, NSS_NEW_PASSWORD: 'remote-new-pass-1'}))
      expect(refused.code, refused.stderr).to.equal(4)
      expect(refused.json.error.code).to.equal('forbidden')
    })

    it('changes the password: the other login tokens are refused, the token of the change and the script token still work', async () => {
      const changed = run(['passwd', '--json'], remote(logins[0].token, {NSS_PASSWORD: OFFICE_PASSWORD, NSS_NEW_PASSWORD: 'remote-new-pass-1'}))
      expect(changed.code, changed.stderr).to.equal(0)
      expect(changed.json.principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
      expect([...changed.json.revokedLoginTokens].sort()).to.deep.equal([logins[1].id, logins[2].id].sort())
      expect((await session(logins[1].token)).status).to.equal(401)
      expect((await session(logins[2].token)).status).to.equal(401)
      expect((await session(logins[0].token)).status).to.equal(200)
      expect(run(['status', '--json'], remote(script.token)).code).to.equal(0)
      expect((await login(OFFICE_PASSWORD)).status).to.equal(401)
      expect((await login('remote-new-pass-1')).status).to.equal(201)
      const audit = rows(desk.home, "SELECT actor, detail FROM audit_events WHERE action = 'password_changed'")
      expect(audit).to.have.length(1)
      expect(audit[0].actor).to.equal('office:NACCS01')
      expect(audit[0].detail).to.contain('2 other login token(s) revoked')
    })

    it('logs no password on the server', async () => {
      await pause(300)
      const log = server.log().join('\n')
      expect(log).to.contain('password changed')
      for (const password of passwords) expect(log).not.to.contain(password)
    })
  })

  describe('afterwards', () => {
    it('printed no password on stdout or stderr', () => {
      expect(outputs.length).to.be.greaterThan(10)
      for (const output of outputs) {
        for (const password of passwords) {
          expect(output.stdout).not.to.contain(password)
          expect(output.stderr).not.to.contain(password)
        }
      }
    })
  })
})
