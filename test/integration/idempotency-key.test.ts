/**
 * Issue 11 point 16: `--idempotency-key KEY` (or NSS_IDEMPOTENCY_KEY) on `nss apply` and `nss amend`.
 * A script that retries with its key gets the first call's result and creates nothing twice; the same
 * key for another request is exit 5; keys are one office's own, checked for their format (exit 2), and
 * purged by the daemon once older than 30 days (kept at least 7). On both stores.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, nssAsync, openStoreReadOnly, seededDesk, writeJsonFile} from '../support/cli'
import {applyAndQuery} from '../support/replies'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const DAY_MS = 86_400_000

function rows(home: string, sql: string, ...params: unknown[]): any[] {
  const db = openStoreReadOnly(home)
  try {
    return db.prepare(sql).all(...params) as any[]
  } finally {
    db.close()
  }
}

const counts = (home: string) => ({
  applications: rows(home, 'SELECT count(*) AS n FROM applications')[0].n,
  outbox: rows(home, 'SELECT count(*) AS n FROM outbox')[0].n,
  keys: rows(home, 'SELECT count(*) AS n FROM idempotency_keys')[0].n,
})

function ok(result: CliResult): CliResult {
  expect(result.code, result.stdout + result.stderr).to.equal(0)
  return result
}

describe('nss apply / nss amend --idempotency-key (issue 11)', function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>

  beforeEach(() => {
    desk = seededDesk()
  })

  it('answers a second apply with the same key by the same office with the first call\'s result (same receipt number, same JSON, exit 0) and changes nothing', () => {
    const first = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'batch-2026-12-01-0001', '--json'], {env: desk.office}))
    const after = counts(desk.home)
    expect(after).to.deep.equal({applications: 1, outbox: 1, keys: 1})
    // The same file laid out differently is the same body (canonical JSON); the key from the environment.
    const relaid = writeJsonFile(desk.home, 'relaid.json', JSON.stringify(Object.fromEntries(Object.entries(require(APPLICATION)).reverse()), null, 4))
    const second = ok(nss(['apply', '--file', relaid, '--json'], {env: {...desk.office, NSS_IDEMPOTENCY_KEY: 'batch-2026-12-01-0001'}}))
    expect(second.stdout).to.equal(first.stdout)
    const human = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'batch-2026-12-01-0001'], {env: desk.office}))
    expect(human.stdout).to.contain(first.json.receiptNo)
    expect(counts(desk.home)).to.deep.equal(after)
    // Without a key each call is a new application, as before.
    ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}))
    expect(counts(desk.home).applications).to.equal(2)
  })

  it('refuses the same key with another body, another verb or another receipt number (exit 5) and changes nothing', () => {
    const applied = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'key-one-0001', '--json'], {env: desk.office}))
    const other = writeJsonFile(desk.home, 'other.json', {...require(APPLICATION), remarks: '別の申込'})
    const before = counts(desk.home)
    const body = nss(['apply', '--file', other, '--idempotency-key', 'key-one-0001', '--json'], {env: desk.office})
    expect([body.code, body.json.error.code]).to.deep.equal([5, 'idempotency_key_reused'])
    expect(body.json.error.message).to.contain(applied.json.receiptNo)

    const receiptNo = applyAndQuery(desk)
    const patch = writeJsonFile(desk.home, 'patch.json', {remarks: '修正'})
    const verb = nss(['amend', receiptNo, '--file', patch, '--idempotency-key', 'key-one-0001', '--json'], {env: desk.office})
    expect([verb.code, verb.json.error.code]).to.deep.equal([5, 'idempotency_key_reused'])

    const second = applyAndQuery(desk)
    ok(nss(['amend', receiptNo, '--file', patch, '--idempotency-key', 'key-two-0002', '--json'], {env: desk.office}))
    const receipt = nss(['amend', second, '--file', patch, '--idempotency-key', 'key-two-0002', '--json'], {env: desk.office})
    expect([receipt.code, receipt.json.error.code]).to.deep.equal([5, 'idempotency_key_reused'])
    // Nothing was made by the refused calls: the two applications and one amendment of the setup only.
    expect(counts(desk.home).applications).to.equal(before.applications + 3)
    expect(rows(desk.home, 'SELECT status FROM applications WHERE receiptNo = ?', second)[0].status).to.equal('query')
  })

  it('answers an amend retried with its key with the amendment it made, though the original is superseded by then', () => {
    const receiptNo = applyAndQuery(desk)
    const patch = writeJsonFile(desk.home, 'patch.json', {remarks: '一度だけの修正'})
    const first = ok(nss(['amend', receiptNo, '--file', patch, '--idempotency-key', 'amend-0001-abc', '--json'], {env: desk.office}))
    expect(first.json.supersedes).to.equal(receiptNo)
    const before = counts(desk.home)
    const again = ok(nss(['amend', receiptNo, '--file', patch, '--idempotency-key', 'amend-0001-abc', '--json'], {env: desk.office}))
    expect(again.stdout).to.equal(first.stdout)
    expect(counts(desk.home)).to.deep.equal(before)
    // Without the key the same call is a conflict: the original is superseded.
    expect(nss(['amend', receiptNo, '--file', patch, '--json'], {env: desk.office}).code).to.equal(5)
  })

  it('keeps keys apart per office: another office\'s same key is another key', () => {
    const mine = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'shared-key-0001', '--json'], {env: desk.office}))
    const example = require(APPLICATION)
    const theirs = writeJsonFile(desk.home, 'other-office.json', {...example, entries: [{userCode: '2ANAC', registration: {officeNameEn: 'OSAKA OFFICE 2'}}]})
    const other = nss(['apply', '--file', theirs, '--idempotency-key', 'shared-key-0001', '--json'], {env: desk.other})
    expect(other.code, other.stdout + other.stderr).to.equal(0)
    expect(other.json.receiptNo).not.to.equal(mine.json.receiptNo)
    expect(rows(desk.home, 'SELECT officeCode FROM applications ORDER BY receiptNo').map(r => r.officeCode)).to.deep.equal(['NACCS01', 'OTHER01'])
    // And office NACCS01 cannot read OTHER01's result through the key: its same key still answers its own.
    const again = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'shared-key-0001', '--json'], {env: desk.office}))
    expect(again.json.receiptNo).to.equal(mine.json.receiptNo)
  })

  it('checks the key\'s format (8–128 of A-Z a-z 0-9 . _ : -): exit 2 naming the flag, and nothing changes', () => {
    for (const key of ['short', 'x'.repeat(129), 'has space 1', 'slash/0001', 'キーですよキーです', 'semi;colon1']) {
      const result = nss(['apply', '--file', APPLICATION, '--idempotency-key', key, '--json'], {env: desk.office})
      expect(result.code, key).to.equal(2)
      expect(result.json.error.issues.map((i: any) => i.path), key).to.deep.equal(['--idempotency-key'])
    }
    const fromEnv = nss(['amend', '2600001C', '--file', APPLICATION, '--json'], {env: {...desk.office, NSS_IDEMPOTENCY_KEY: 'bad key'}})
    expect(fromEnv.code).to.equal(2)
    expect(counts(desk.home)).to.deep.equal({applications: 0, outbox: 0, keys: 0})
  })

  it('leaves the key of a failed call unused: the corrected call with the same key goes through', () => {
    const bad = writeJsonFile(desk.home, 'bad.json', {...require(APPLICATION), timing: 'someday'})
    expect(nss(['apply', '--file', bad, '--idempotency-key', 'retry-after-fix', '--json'], {env: desk.office}).code).to.equal(2)
    expect(counts(desk.home).keys).to.equal(0)
    const fixed = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'retry-after-fix', '--json'], {env: desk.office}))
    expect(fixed.json.receiptNo).to.match(/^\d{7}C$/)
  })

  it('makes exactly one application of eight concurrent calls with the same key, all answered with its receipt number', async () => {
    const results = await Promise.all(Array.from({length: 8}, () =>
      nssAsync(['apply', '--file', APPLICATION, '--idempotency-key', 'concurrent-0001', '--json'], {env: desk.office})))
    for (const result of results) expect(result.code, result.stdout + result.stderr).to.equal(0)
    expect(new Set(results.map(r => r.json.receiptNo)).size).to.equal(1)
    expect(counts(desk.home)).to.deep.equal({applications: 1, outbox: 1, keys: 1})
    expect(rows(desk.home, 'SELECT status FROM outbox')[0].status).to.equal('sent')
  })

  it('keeps a key at least 7 days (8 days on it still answers) and the daemon purges it after 30', () => {
    const first = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'kept-for-a-month', '--json'], {env: desk.office}))
    const later = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString()
    ok(nss(['daemon', '--once', '--json'], {env: desk.ops, at: later(8)}))
    expect(counts(desk.home).keys).to.equal(1)
    const retried = ok(nss(['apply', '--file', APPLICATION, '--idempotency-key', 'kept-for-a-month', '--json'], {env: desk.office, at: later(8)}))
    expect(retried.json.receiptNo).to.equal(first.json.receiptNo)
    ok(nss(['daemon', '--once', '--json'], {env: desk.ops, at: later(29)}))
    expect(counts(desk.home).keys).to.equal(1)
    ok(nss(['daemon', '--once', '--json'], {env: desk.ops, at: later(31)}))
    expect(counts(desk.home).keys).to.equal(0)
    expect(counts(desk.home).applications).to.equal(1)
  })
})
