/**
 * NSS_TOKEN in local mode (issue 16): on the desk's host an API token says who acts, as it does to the
 * desk server — its hash looked up in the store, no scrypt, no TypeORM — with the server's rules: an
 * actor named on the command line must be the token's, a read-only token changes nothing, a bad token
 * gets one answer that never quotes it. NSS_OFFICE, NSS_REVIEWER and NSS_PASSWORD are not read.
 * Runs on the store of the run (NSS_TEST_STORE).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss, openStoreReadOnly, seededDesk, tempHome} from '../support/cli'
import {applyAndQuery} from '../support/replies'
import {TEST_STORE} from '../support/store'

describe(`NSS_TOKEN in local mode (issue 16, on ${TEST_STORE})`, function () {
  this.timeout(120_000)
  let desk: ReturnType<typeof seededDesk>
  let receiptNo: string
  const tokens: Record<'office' | 'readOnly' | 'reviewer' | 'revoked', {id: string; token: string}> = {} as never
  /** The desk's folder and the token, nothing of a password. */
  const byToken = (token: string, env: Record<string, string> = {}) => ({NSS_HOME: desk.home, NSS_TOKEN: token, ...env})
  const lastUsedAt = (id: string): string | null => {
    const listed = nss(['token', 'list', '--json'], {env: desk.ops})
    expect(listed.code, listed.stderr).to.equal(0)
    return (listed.json.tokens as {id: string; lastUsedAt: string | null}[]).find(t => t.id === id)!.lastUsedAt
  }

  before(() => {
    desk = seededDesk()
    receiptNo = applyAndQuery(desk)
    const create = (args: string[]) => {
      const created = nss(['token', 'create', ...args, '--json'], {env: desk.ops})
      expect(created.code, created.stderr).to.equal(0)
      return created.json as {id: string; token: string}
    }
    tokens.office = create(['--office', 'NACCS01', '--name', 'local scripts'])
    tokens.readOnly = create(['--office', 'NACCS01', '--name', 'local reads', '--read-only'])
    tokens.reviewer = create(['--reviewer', 'r.sato', '--name', 'local review'])
    tokens.revoked = create(['--office', 'NACCS01', '--name', 'revoked'])
    expect(nss(['token', 'revoke', tokens.revoked.id], {env: desk.ops}).code).to.equal(0)
  })

  it('shows the status with the token alone, as a password login shows it, and records the token\'s use', () => {
    expect(lastUsedAt(tokens.office.id)).to.equal(null)
    const withToken = nss(['status', receiptNo, '--json'], {env: byToken(tokens.office.token)})
    expect(withToken.code, withToken.stderr).to.equal(0)
    const withPassword = nss(['status', receiptNo, '--json'], {env: desk.office})
    expect(withPassword.code, withPassword.stderr).to.equal(0)
    expect(withToken.json).to.deep.equal(withPassword.json)
    expect(withToken.json).to.include({receiptNo, office: 'NACCS01', status: 'query'})
    const used = lastUsedAt(tokens.office.id)
    expect(used, 'the last use is recorded').to.be.a('string')
    expect(Date.now() - Date.parse(used!)).to.be.within(0, 120_000)
  })

  it('reads the token without TypeORM (its last use written in plain SQL) and without scrypt', () => {
    const tracer = path.join(__dirname, '..', 'support', 'module-tracer.js')
    const fresh = nss(['token', 'create', '--office', 'NACCS01', '--name', 'traced', '--json'], {env: desk.ops}).json as {id: string; token: string}
    const trace = path.join(tempHome(), 'modules.json')
    // The first use of a token writes its last use: the call that would load a writer if any did.
    const result = nss(['status', receiptNo, '--json'], {env: byToken(fresh.token, {NSS_MODULE_TRACE: trace, NODE_OPTIONS: `--require ${tracer}`, NSS_COMPILE_CACHE: 'off'})})
    expect(result.code, result.stderr).to.equal(0)
    const modules = JSON.parse(fs.readFileSync(trace, 'utf8')) as string[]
    expect(modules.filter(m => /node_modules\/typeorm\//.test(m)), 'TypeORM loaded').to.deep.equal([])
    expect(modules.filter(m => /password-hash/.test(m)), 'the password hashing loaded').to.deep.equal([])
    expect(lastUsedAt(fresh.id)).to.be.a('string')
  })

  it('does not read NSS_OFFICE or NSS_PASSWORD when NSS_TOKEN is set', () => {
    const result = nss(['status', receiptNo, '--json'], {env: byToken(tokens.office.token, {NSS_OFFICE: 'OTHER01', NSS_PASSWORD: 'not the password'})})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.json).to.include({receiptNo, office: 'NACCS01'})
  })

  it('refuses an actor named on the command line that is not the token\'s with exit 4, doing nothing', () => {
    const other = nss(['withdraw', receiptNo, '--office', 'OTHER01', '--json'], {env: byToken(tokens.office.token)})
    expect(other.code, other.stdout).to.equal(4)
    expect(other.json.error).to.include({code: 'forbidden'})
    expect(other.json.error.message).to.contain('office:NACCS01').and.to.contain('office:OTHER01')
    const same = nss(['status', receiptNo, '--office', 'naccs01', '--json'], {env: byToken(tokens.office.token)})
    expect(same.code, same.stderr).to.equal(0)
    expect(nss(['status', receiptNo, '--json'], {env: desk.office}).json).to.include({status: 'query'})
  })

  it('lets a read-only token read and refuses it a change with exit 4, changing nothing', () => {
    expect(nss(['status', receiptNo, '--json'], {env: byToken(tokens.readOnly.token)}).code).to.equal(0)
    const refused = nss(['withdraw', receiptNo, '--json'], {env: byToken(tokens.readOnly.token, {NSS_LOCALE: 'en'})})
    expect(refused.code, refused.stdout).to.equal(4)
    expect(refused.json.error.message).to.equal('this API token is read-only: it cannot change anything')
    expect(nss(['status', receiptNo, '--json'], {env: desk.office}).json).to.include({status: 'query'})
  })

  it('acts as the reviewer of a reviewer\'s token, and refuses it the office\'s verbs with exit 4', () => {
    const queue = nss(['status', '--json'], {env: byToken(tokens.reviewer.token)})
    expect(queue.code, queue.stderr).to.equal(0)
    expect(JSON.stringify(queue.json)).to.contain(receiptNo)
    const check = nss(['review', receiptNo, '--check', '--json'], {env: byToken(tokens.reviewer.token)})
    expect(check.code, check.stderr).to.equal(0)
    const withdraw = nss(['withdraw', receiptNo, '--json'], {env: byToken(tokens.reviewer.token)})
    expect(withdraw.code, withdraw.stdout).to.equal(4)
    expect(nss(['status', receiptNo, '--json'], {env: desk.office}).json).to.include({status: 'query'})
  })

  it('refuses an unknown, a revoked and a malformed token with one answer (exit 4) that never quotes it, in the reader\'s language', () => {
    const unknown = `nssd_${'A'.repeat(43)}000000`
    const answers = new Set<string>()
    for (const token of [tokens.revoked.token, unknown, tokens.office.token.slice(0, -1), `${tokens.office.token.slice(0, -1)}x`]) {
      const ja = nss(['status', receiptNo, '--json'], {env: byToken(token)})
      expect(ja.code, ja.stdout).to.equal(4)
      expect(ja.stdout + ja.stderr).not.to.contain(token)
      answers.add(JSON.stringify(ja.json))
      const en = nss(['status', receiptNo, '--json'], {env: byToken(token, {NSS_LOCALE: 'en'})})
      expect(en.json.error.message).to.equal('the API token is not valid')
    }
    expect([...answers]).to.deep.equal([JSON.stringify({error: {code: 'unauthorized', message: 'APIトークンが無効です。', issues: []}})])
    // Nothing was written by the refusals: no use recorded for the revoked token.
    const store = openStoreReadOnly(desk.home)
    try {
      const row = store.prepare('SELECT "lastUsedAt" FROM "api_tokens" WHERE "id" = ?').get(tokens.revoked.id) as {lastUsedAt: string | null}
      expect(row.lastUsedAt).to.equal(null)
    } finally {
      store.close()
    }
  })
})
