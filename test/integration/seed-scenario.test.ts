/**
 * The seed's scenario (000_bc7b637685dc47c2.txt) walked through the CLI as the README walks it:
 * apply → 内容確認 (query) → 修正 (amend, new receipt number) → 審査終了 (complete) → issued passwords
 * within their window, and the window closing (SPEC §4, §5, §7, §9).
 * Every step runs under faketime so the dates are those of the walk-through:
 * submitted Thursday 2026-11-19 10:00 JST, completed the same day 15:00 JST; 11/23 is 勤労感謝の日, so the
 * 3rd business day counting the completion day as day 1 is Tuesday 2026-11-24.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, openStoreReadOnly, seededDesk} from '../support/cli'

const RECEIPT_NO = /^\d{7}C$/
const NACCS_PASSWORD = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8}$/
const SEED_REFUSAL = 'こちらのパスワード初期化は承る事が出来ません。'

const SUBMITTED_AT = '2026-11-19T10:00:00+09:00'
const QUERIED_AT = '2026-11-19T10:30:00+09:00'
const AMENDED_AT = '2026-11-19T11:00:00+09:00'
const COMPLETED_AT = '2026-11-19T15:00:00+09:00'
const LAST_MINUTE_OF_WINDOW = '2026-11-24T23:59:00+09:00'
const AFTER_WINDOW = '2026-11-25T00:00:30+09:00'

function mustSucceed(result: CliResult, what: string): any {
  expect(result.code, `${what}: exit code (stderr: ${result.stderr}, stdout: ${result.stdout})`).to.equal(0)
  expect(result.json, `${what}: --json output`).to.be.an('object')
  return result.json
}

/** Every receipt number named anywhere in an application's 進行状況 (item or notice). */
function logText(view: any): string {
  return (view.log as {item: string; notice: string}[]).map(line => `${line.item} ${line.notice}`).join('\n')
}

describe('the seed scenario through the CLI (apply, query, amend, complete, passwords)', () => {
  let desk: ReturnType<typeof seededDesk>
  let original: string
  let amended: string
  let amendedView: any
  let passwords: {userCode: string; ident: string; password: string}[]

  before(() => {
    desk = seededDesk()
  })

  it('registers the example application as received with a C receipt number of 2026 and no predecessor', () => {
    const result = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office, at: SUBMITTED_AT})
    const json = mustSucceed(result, 'apply')
    expect(json.receiptNo).to.match(RECEIPT_NO)
    expect(json.receiptNo.slice(0, 2)).to.equal('26')
    expect(json).to.deep.equal({receiptNo: json.receiptNo, status: 'received', supersedes: null})
    original = json.receiptNo

    const view = mustSucceed(nss(['status', original, '--json'], {env: desk.office, at: SUBMITTED_AT}), 'status')
    expect(view.status).to.equal('received')
    expect(view.submittedAt).to.match(/^2026-11-19T10:00:\d\d\+09:00$/)
    expect(view.log.map((l: any) => l.item)).to.deep.equal(['システム設定申込'])
  })

  it("puts the application under query with the seed's refusal as the notice", () => {
    const result = nss(['review', original, '--query', SEED_REFUSAL, '--json'], {env: desk.reviewer, at: QUERIED_AT})
    expect(mustSucceed(result, 'review --query')).to.deep.equal({receiptNo: original, status: 'query'})
  })

  it('shows the office the query status, the notice in the progress log and the query news', () => {
    const view = mustSucceed(nss(['status', original, '--json'], {env: desk.office, at: QUERIED_AT}), 'status R')
    expect(view.status).to.equal('query')
    expect(view.statusLabel).to.equal('内容確認')
    expect(view.log).to.have.length(2)
    expect(view.log[1].item).to.equal('システム設定申込 回答(内容確認)')
    expect(view.log[1].notice).to.equal(SEED_REFUSAL)
    expect(view.log[1].at).to.match(/^2026-11-19T10:30:\d\d\+09:00$/)

    const list = mustSucceed(nss(['status', '--json'], {env: desk.office, at: QUERIED_AT}), 'status')
    expect(list.news).to.deep.equal([{
      date: '2026-11-19', kind: 'system_settings', receiptNo: original,
      message: 'システム設定申込内容に確認事項があります。通知内容をご確認の上、申込内容の修正、または取り下げを行ってください。',
    }])
    expect(list.applications.map((a: any) => [a.receiptNo, a.status])).to.deep.equal([[original, 'query']])
  })

  it('registers the amendment under a new receipt number that supersedes the original', () => {
    const result = nss(['amend', original, '--file', path.join(EXAMPLES, 'amend.json'), '--json'], {env: desk.office, at: AMENDED_AT})
    const json = mustSucceed(result, 'amend')
    expect(json.receiptNo).to.match(RECEIPT_NO)
    expect(json.receiptNo).to.not.equal(original)
    expect(json).to.deep.equal({receiptNo: json.receiptNo, status: 'received', supersedes: original})
    amended = json.receiptNo
  })

  it('marks the original superseded by the new number, and each log names the other number', () => {
    const before = mustSucceed(nss(['status', original, '--json'], {env: desk.office, at: AMENDED_AT}), 'status ORIGINAL')
    expect(before.status).to.equal('superseded')
    expect(before.supersededBy).to.equal(amended)
    expect(before.supersedes).to.equal(null)
    expect(logText(before)).to.include(amended)

    const after = mustSucceed(nss(['status', amended, '--json'], {env: desk.office, at: AMENDED_AT}), 'status NEW')
    expect(after.status).to.equal('received')
    expect(after.supersedes).to.equal(original)
    expect(after.supersededBy).to.equal(null)
    expect(logText(after)).to.include(original)
    // The patch replaced 1ANAC's reset with every ID of 1ANAC and kept the untouched 1BNAC entry.
    const amendFile = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'amend.json'), 'utf8'))
    const resetOf1ANAC = after.entries.find((e: any) => e.userCode === '1ANAC').passwordReset
    expect(resetOf1ANAC.ids).to.deep.equal(amendFile.entries[0].passwordReset.ids)
    expect(after.entries.map((e: any) => e.userCode)).to.deep.equal(['1ANAC', '1BNAC'])
    expect(after.remarks).to.equal(amendFile.remarks)
  })

  it('completes the amended application with no notice', () => {
    const result = nss(['review', amended, '--complete', '', '--json'], {env: desk.reviewer, at: COMPLETED_AT})
    expect(mustSucceed(result, 'review --complete')).to.deep.equal({receiptNo: amended, status: 'completed'})
    amendedView = mustSucceed(nss(['status', amended, '--json'], {env: desk.office, at: COMPLETED_AT}), 'status NEW')
    expect(amendedView.status).to.equal('completed')
    expect(amendedView.passwordsVisibleUntil).to.equal('2026-11-24')
  })

  it('shows exactly the reset IDs of the amended application, in NACCS format, until 2026-11-24 23:59 (11/23 is a holiday)', () => {
    const result = nss(['status', amended, '--passwords', '--json'], {env: desk.office, at: LAST_MINUTE_OF_WINDOW})
    const json = mustSucceed(result, 'status --passwords')
    expect(json.receiptNo).to.equal(amended)
    expect(json.visibleUntil).to.equal('2026-11-24')
    passwords = json.passwords
    const expected = amendedView.entries
      .filter((e: any) => e.passwordReset)
      .flatMap((e: any) => e.passwordReset.ids.map((ident: string) => `${e.userCode}${ident}`))
      .sort()
    expect(expected).to.have.length.greaterThan(0)
    expect(passwords.map(p => `${p.userCode}${p.ident}`).sort()).to.deep.equal(expected)
    for (const p of passwords) expect(p.password, `${p.userCode}${p.ident}`).to.match(NACCS_PASSWORD)

    const db = openStoreReadOnly(desk.home)
    try {
      const rows = db.prepare('SELECT sealed FROM issued_passwords WHERE receiptNo = ?').all(amended) as {sealed: string | null}[]
      expect(rows).to.have.length(expected.length)
      for (const row of rows) expect(row.sealed).to.be.a('string')
    } finally {
      db.close()
    }
  })

  it('refuses the passwords with exit 5 naming the closing date once 2026-11-24 has ended, and purges the ciphertext', () => {
    const result = nss(['status', amended, '--passwords', '--json'], {env: desk.office, at: AFTER_WINDOW})
    expect(result.code, result.stdout + result.stderr).to.equal(5)
    expect(result.json?.error, result.stdout).to.be.an('object')
    expect(result.json.error.code).to.be.a('string')
    expect(result.json.error.message).to.match(/2026-11-24|2026年11月24日|20261124/)
    for (const p of passwords) expect(result.stdout).to.not.include(p.password)

    const db = openStoreReadOnly(desk.home)
    try {
      const rows = db.prepare('SELECT sealed FROM issued_passwords WHERE receiptNo = ?').all(amended) as {sealed: string | null}[]
      expect(rows).to.have.length(passwords.length)
      for (const row of rows) expect(row.sealed).to.equal(null)
    } finally {
      db.close()
    }
  })
})
