/**
 * `nss token create | list | revoke` (issue 12): API tokens for the desk server's scripts. The token is
 * printed once, by create, and is nowhere else: not in the store (only its SHA-256), not in list or
 * revoke output, not in the audit rows. Bad input is exit 2 naming every problem, and writes nothing.
 * Runs on the store of the run (NSS_TEST_STORE).
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, nss, openStoreReadOnly, seededDesk} from '../support/cli'
import {storeEnv, TEST_STORE} from '../support/store'

const TOKEN_SHAPE = /^nssd_[0-9A-Za-z]{49}$/

describe('nss token: create, list, revoke (issue 12)', function () {
  this.timeout(120_000)
  let desk: ReturnType<typeof seededDesk>
  const outputs: CliResult[] = []
  const run = (args: string[], env: Record<string, string> = desk.ops) => {
    const result = nss(args, {env})
    outputs.push(result)
    return result
  }
  const rows = (sql: string) => {
    const store = openStoreReadOnly(desk.home)
    try {
      return store.prepare(sql).all() as Record<string, unknown>[]
    } finally {
      store.close()
    }
  }

  before(() => {
    desk = seededDesk()
  })

  it('creates a token for an office and one for a reviewer, each printed once as {id, token, expiresAt}', () => {
    const office = nss(['token', 'create', '--office', 'naccs01', '--name', 'nightly status', '--read-only', '--json'], {env: desk.ops})
    expect(office.code, office.stderr).to.equal(0)
    expect(Object.keys(office.json).sort()).to.deep.equal(['expiresAt', 'id', 'token'])
    expect(office.json.token).to.match(TOKEN_SHAPE)
    expect(office.json.id).to.match(/^[0-9a-f]{12}$/)
    // The default life: 90 days from now.
    expect(Date.parse(office.json.expiresAt) - Date.now()).to.be.within(90 * 86_400_000 - 120_000, 90 * 86_400_000 + 1000)

    const human = nss(['token', 'create', '--reviewer', 'r.sato', '--name', 'review scripts', '--expires-days', '30'], {env: {...desk.ops, NSS_LOCALE: 'en'}})
    expect(human.code, human.stderr).to.equal(0)
    const lines = human.stdout.trim().split('\n')
    expect(lines).to.have.length(3)
    expect(lines[1]).to.match(TOKEN_SHAPE)
    expect(lines[0]).to.match(/^API token [0-9a-f]{12} created for reviewer r\.sato, expires /)
    expect(lines[2]).to.contain('only time the token is shown')
    expect(office.json.token).not.to.equal(lines[1])

    const listed = run(['token', 'list', '--json'])
    expect(listed.code, listed.stderr).to.equal(0)
    const byId = Object.fromEntries(listed.json.tokens.map((t: any) => [t.id, t]))
    expect(byId[office.json.id]).to.include({name: 'nightly status', readOnly: true, expiresAt: office.json.expiresAt, lastUsedAt: null, revokedAt: null})
    expect(byId[office.json.id].principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
    const reviewerToken = listed.json.tokens.find((t: any) => t.name === 'review scripts')
    expect(reviewerToken).to.include({readOnly: false, revokedAt: null})
    expect(reviewerToken.principal).to.deep.equal({kind: 'reviewer', id: 'r.sato'})
    expect(Date.parse(reviewerToken.expiresAt) - Date.parse(reviewerToken.createdAt)).to.equal(30 * 86_400_000)
    for (const token of listed.json.tokens) expect(Object.keys(token)).not.to.include.members(['token', 'tokenHash'])

    const table = run(['token', 'list'])
    expect(table.stdout).to.contain(office.json.id).and.contain('office:NACCS01').and.contain('read-only').and.contain('reviewer:r.sato')

    // The store keeps the token's SHA-256 and never its text; the audit rows name the token by id.
    for (const token of [office.json.token, lines[1]]) {
      const hash = createHash('sha256').update(token).digest('hex')
      expect(rows(`SELECT "id" FROM "api_tokens" WHERE "tokenHash" = '${hash}'`)).to.have.length(1)
    }
    const audit = rows(`SELECT "action", "detail" FROM "audit_events" WHERE "action" = 'api_token_created'`)
    expect(audit.map(a => a.detail)).to.satisfy((details: string[]) => details.some(d => d.startsWith(`${office.json.id} office:NACCS01 read-only`)))
    expect(audit).to.have.length(2)
    const everything = storeText()
    for (const token of [office.json.token, lines[1]]) {
      expect(everything).to.contain(createHash('sha256').update(token).digest('hex'))
      expect(everything).not.to.contain(token)
      expect(everything).not.to.contain(token.slice(5, 25))
    }
    for (const output of outputs) {
      expect(output.stdout + output.stderr).not.to.contain(office.json.token).and.not.to.contain(lines[1])
    }
  })

  it('revokes a token: listed with its revocation time, audited; revoking it again is exit 0 and keeps the first time', () => {
    const created = nss(['token', 'create', '--office', 'OTHER01', '--name', 'to revoke', '--json'], {env: desk.ops})
    expect(created.code, created.stderr).to.equal(0)
    const revoked = run(['token', 'revoke', created.json.id, '--json'])
    expect(revoked.code, revoked.stderr).to.equal(0)
    expect(revoked.json).to.include({id: created.json.id, alreadyRevoked: false})
    expect(revoked.json.revokedAt).to.be.a('string')
    const again = run(['token', 'revoke', created.json.id, '--json'])
    expect(again.code, again.stderr).to.equal(0)
    expect(again.json).to.include({alreadyRevoked: true, revokedAt: revoked.json.revokedAt})
    const listed = run(['token', 'list', '--json']).json.tokens.find((t: any) => t.id === created.json.id)
    expect(listed.revokedAt).to.equal(revoked.json.revokedAt)
    expect(rows(`SELECT "detail" FROM "audit_events" WHERE "action" = 'api_token_revoked'`)).to.deep.equal([{detail: `${created.json.id} office:OTHER01: to revoke`}])
    for (const output of [revoked, again]) expect(output.stdout).not.to.contain(created.json.token)
  })

  it('answers exit 3 for an unknown token id, and for an office or reviewer that does not exist, writing nothing', () => {
    const before = rows('SELECT count(*) AS "n" FROM "api_tokens"')
    const unknown = run(['token', 'revoke', '0123456789ab', '--json'])
    expect([unknown.code, unknown.json.error.code]).to.deep.equal([3, 'not_found'])
    expect(run(['token', 'revoke', 'not-an-id']).code).to.equal(3)
    const noOffice = run(['token', 'create', '--office', 'NOSUCH01', '--name', 'x', '--json'])
    expect([noOffice.code, noOffice.json.error.message]).to.deep.equal([3, '事業所 NOSUCH01 はありません。'])
    const noReviewer = run(['token', 'create', '--reviewer', 'nobody', '--name', 'x', '--json'])
    expect([noReviewer.code, noReviewer.json.error.message]).to.deep.equal([3, '審査担当者 nobody はいません。'])
    expect(rows('SELECT count(*) AS "n" FROM "api_tokens"')).to.deep.equal(before)
  })

  it('refuses bad input with exit 2, naming every problem at once, and writes nothing', () => {
    const before = rows('SELECT count(*) AS "n" FROM "api_tokens"')
    const all = run(['token', 'create', '--office', 'NACCS01', '--reviewer', 'r.sato', '--name', 'bad\u001b[31mname', '--expires-days', '0', '--json'])
    expect(all.code).to.equal(2)
    expect(all.json.error.issues.map((i: any) => i.path)).to.deep.equal(['principal', 'name', 'expires-days'])
    const none = run(['token', 'create', '--expires-days', 'soon', '--json'])
    expect(none.code).to.equal(2)
    expect(none.json.error.issues.map((i: any) => i.path)).to.deep.equal(['principal', 'name', 'expires-days'])
    for (const days of ['366', '-1', '1.5', '99999']) {
      const result = run(['token', 'create', '--office', 'NACCS01', '--name', 'x', '--expires-days', days, '--json'])
      expect([result.code, result.json.error.issues.map((i: any) => i.path)], days).to.deep.equal([2, ['expires-days']])
    }
    const long = run(['token', 'create', '--office', 'NACCS01', '--name', 'x'.repeat(61), '--json'])
    expect([long.code, long.json.error.issues.map((i: any) => i.path)]).to.deep.equal([2, ['name']])
    const human = run(['token', 'create', '--office', 'NACCS01', '--name', ' ', '--expires-days', '400'])
    expect(human.code).to.equal(2)
    expect(human.stderr).to.contain('name: 必須です。').and.contain('expires-days: 1から365までの日数')
    expect(rows('SELECT count(*) AS "n" FROM "api_tokens"')).to.deep.equal(before)
    expect(run(['token', 'create', '--office', 'NACCS01', '--name', 'a year', '--expires-days', '365', '--json']).code).to.equal(0)
  })

  /** Everything the store holds, as text: the SQLite files (database and WAL), or pg_dump of the database. */
  function storeText(): string {
    if (TEST_STORE === 'postgres') {
      const dump = spawnSync('pg_dump', ['--data-only', '-d', storeEnv(desk.home).NSS_DB], {encoding: 'utf8'})
      if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`)
      return dump.stdout
    }
    return ['nss.sqlite', 'nss.sqlite-wal'].map(name => path.join(desk.home, name))
      .filter(file => fs.existsSync(file)).map(file => fs.readFileSync(file).toString('latin1')).join('\n')
  }
})
