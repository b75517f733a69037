/**
 * The reviewer's queue with due dates and owners (issue 14), through the real CLI (and, in the remote
 * run, a real `nss serve`), under libfaketime: due dates on a calendar with a weekend and a national
 * holiday (Monday 2026-11-23, 勤労感謝の日), the order, business days left, --mine / --unassigned /
 * --overdue, `review --take` by two reviewers at once (exactly one wins), --force, --release, the owner
 * on the reviewer's 参照 screen and not on the office's, and an amendment keeping its original's owner.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, nssAsync, seededDesk, SeededDesk, writeJsonFile} from '../support/cli'

const APPLICATION = require(path.join(EXAMPLES, 'application.json'))
const AMEND = path.join(EXAMPLES, 'amend.json')
const SECOND_PASSWORD = 'reviewer-pass-44'

/** Japan time on a day of November 2026. */
const at = (day: string, time = '10:00') => `2026-11-${day}T${time}:00+09:00`

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

describe("the reviewer's queue: due dates, owners, filters (issue 14)", function () {
  this.timeout(180_000)
  let desk: SeededDesk
  let second: Record<string, string>
  /** A: earliest, Thu 11-19; B: desired Fri 12-04; C: desired Thu 11-26 (the earliest allowed); D: earliest, Sat 11-21. */
  const receipts: Record<'A' | 'B' | 'C' | 'D', string> = {A: '', B: '', C: '', D: ''}

  const queue = (env: Record<string, string>, when: string, ...flags: string[]) =>
    must(nss(['status', ...flags, '--json'], {env, at: when}), `status ${flags.join(' ')}`)
  const receiptsOf = (list: any) => list.applications.map((a: {receiptNo: string}) => a.receiptNo)

  before(() => {
    desk = seededDesk()
    must(nss(['reviewer', 'add', 'r.tanaka', '--name', '田中 一郎'], {env: {...desk.ops, NSS_PASSWORD: SECOND_PASSWORD}}), 'reviewer add')
    second = {...desk.reviewer, NSS_REVIEWER: 'r.tanaka', NSS_PASSWORD: SECOND_PASSWORD}
    if (desk.reviewer.NSS_URL) {
      const {createToken} = require('../support/server') as typeof import('../support/server')
      second.NSS_TOKEN = createToken(desk.home, {reviewer: 'r.tanaka'}).token
    }
    const apply = (name: string, content: object, when: string) =>
      must(nss(['apply', '--file', writeJsonFile(desk.home, name, content), '--json'], {env: desk.office, at: when}), `apply ${name}`).receiptNo
    receipts.A = apply('a.json', APPLICATION, at('19', '10:00'))
    receipts.B = apply('b.json', {...APPLICATION, timing: 'date', desiredDate: '20261204'}, at('19', '10:05'))
    receipts.C = apply('c.json', {...APPLICATION, timing: 'date', desiredDate: '20261126'}, at('19', '10:10'))
    receipts.D = apply('d.json', APPLICATION, at('21', '09:00'))
  })

  it('gives each open application its due date over the weekend and the holiday, most urgent first', () => {
    const list = queue(desk.reviewer, at('24'))
    expect(list.isReviewQueue).to.equal(true)
    // C is due the day it came (11-26 minus 4 business days); A three business days after receipt,
    // skipping Sat, Sun and the holiday; D came on a Saturday: counted from Tuesday; B: 12-04 minus 4.
    const rows = Object.fromEntries(list.applications.map((a: any) => [a.receiptNo, a]))
    expect(rows[receipts.C]).to.include({dueDate: '2026-11-19', businessDaysLeft: -2, owner: null, office: 'NACCS01', status: 'received'})
    expect(rows[receipts.A]).to.include({dueDate: '2026-11-25', businessDaysLeft: 1})
    expect(rows[receipts.D]).to.include({dueDate: '2026-11-27', businessDaysLeft: 3})
    expect(rows[receipts.B]).to.include({dueDate: '2026-11-30', businessDaysLeft: 4})
    // libfaketime starts each process at the instant given, and its clock runs on from there.
    expect(rows[receipts.A].lastActivityAt).to.match(/^2026-11-19T10:00:0\d\+09:00$/)
    expect(receiptsOf(list)).to.deep.equal([receipts.C, receipts.A, receipts.D, receipts.B])
    expect(list.total).to.equal(4)
  })

  it('counts business days left from the day it is looked at: due today is 0, and a closed day is late all the same', () => {
    const thursday = Object.fromEntries(queue(desk.reviewer, at('19', '18:00')).applications.map((a: any) => [a.receiptNo, a]))
    expect(thursday[receipts.C].businessDaysLeft).to.equal(0)
    expect(thursday[receipts.A].businessDaysLeft).to.equal(3)
    const sunday = Object.fromEntries(queue(desk.reviewer, at('22')).applications.map((a: any) => [a.receiptNo, a]))
    expect(sunday[receipts.C].businessDaysLeft).to.equal(-1)
    expect(sunday[receipts.A].businessDaysLeft).to.equal(2)
  })

  it('cuts at --limit after sorting: the most urgent are kept, and the total still counts them all', () => {
    const list = queue(desk.reviewer, at('24'), '--limit', '2')
    expect(receiptsOf(list)).to.deep.equal([receipts.C, receipts.A])
    expect(list.total).to.equal(4)
    const screen = nss(['status', '--limit', '2'], {env: desk.reviewer, at: at('24')}).stdout
    expect(screen).to.contain('全4件のうち処理期限の近い2件を表示しています')
  })

  it('shows the queue as a table of due date, days left, owner, last activity and office', () => {
    const lines = nss(['status'], {env: desk.reviewer, at: at('24')}).stdout.split('\n')
    expect(lines.find(line => line.includes('受付番号'))).to.match(/受付番号 +ステータス +処理期限 +残り +担当者 +最終更新 +事業所$/)
    expect(lines.find(line => line.includes(receipts.C))).to.match(/2026\/11\/19 +2営業日超過 +未割当 +2026\/11\/19 10:10 +NACCS01$/)
    expect(lines.find(line => line.includes(receipts.A))).to.match(/2026\/11\/25 +1営業日 +未割当/)
  })

  it('lets exactly one of two reviewers who take an application at once own it; the other gets exit 5', async () => {
    const results = await Promise.all([
      nssAsync(['review', receipts.B, '--take', '--json'], {env: desk.reviewer, at: at('24', '10:30')}),
      nssAsync(['review', receipts.B, '--take', '--json'], {env: second, at: at('24', '10:30')}),
    ])
    const codes = results.map(r => r.code).sort()
    expect(codes, results.map(r => r.stderr).join('\n')).to.deep.equal([0, 5])
    const winner = results.find(r => r.code === 0)!.json
    const loserEnv = winner.owner === 'r.sato' ? second : desk.reviewer
    expect(winner).to.include({receiptNo: receipts.B, previousOwner: null})
    expect(results.find(r => r.code === 5)!.json.error.code).to.equal('conflict')
    const owner = queue(desk.reviewer, at('24', '10:31')).applications.find((a: any) => a.receiptNo === receipts.B).owner
    expect(owner).to.equal(winner.owner)

    // --force takes it over; --release by the one who lost it is exit 5; the owner may release it.
    const forced = must(nss(['review', receipts.B, '--take', '--force', '--json'], {env: loserEnv, at: at('24', '10:32')}), 'take --force')
    expect(forced).to.deep.equal({receiptNo: receipts.B, owner: loserEnv.NSS_REVIEWER, previousOwner: winner.owner})
    const winnerEnv = loserEnv === second ? desk.reviewer : second
    expect(nss(['review', receipts.B, '--release', '--json'], {env: winnerEnv, at: at('24', '10:33')}).code).to.equal(5)
    expect(must(nss(['review', receipts.B, '--release', '--json'], {env: loserEnv, at: at('24', '10:34')}), 'release'))
      .to.deep.equal({receiptNo: receipts.B, owner: null, previousOwner: loserEnv.NSS_REVIEWER})
  })

  it('narrows the queue with --mine, --unassigned and --overdue, and refuses them to an office', () => {
    must(nss(['review', receipts.A, '--take', '--json'], {env: desk.reviewer, at: at('24', '11:00')}), 'take A')
    must(nss(['review', receipts.D, '--take', '--json'], {env: second, at: at('24', '11:00')}), 'take D')
    expect(receiptsOf(queue(desk.reviewer, at('24', '11:01'), '--mine'))).to.deep.equal([receipts.A])
    expect(receiptsOf(queue(second, at('24', '11:01'), '--mine'))).to.deep.equal([receipts.D])
    expect(receiptsOf(queue(desk.reviewer, at('24', '11:01'), '--unassigned'))).to.deep.equal([receipts.C, receipts.B])
    expect(receiptsOf(queue(desk.reviewer, at('24', '11:01'), '--overdue'))).to.deep.equal([receipts.C])
    // On Friday 11-27 A (due Wed) and C are overdue; D is due that day.
    expect(receiptsOf(queue(desk.reviewer, at('27'), '--overdue'))).to.deep.equal([receipts.C, receipts.A])
    expect(receiptsOf(queue(desk.reviewer, at('27'), '--overdue', '--unassigned'))).to.deep.equal([receipts.C])
    expect(nss(['status', '--mine', '--unassigned', '--json'], {env: desk.reviewer}).code).to.equal(2)
    const refused = nss(['status', '--mine', '--json'], {env: desk.office})
    expect(refused.code).to.equal(4)
    expect(refused.json.error.message).to.contain('--mine')
  })

  it("shows the owner on the reviewer's 参照 screen and not to the office", () => {
    const reviewerView = must(nss(['status', receipts.A, '--json'], {env: desk.reviewer, at: at('24', '11:05')}), 'show')
    expect(reviewerView.owner).to.equal('r.sato')
    expect(nss(['status', receipts.A], {env: desk.reviewer, at: at('24', '11:05')}).stdout).to.match(/担当者 +r\.sato/)
    expect(must(nss(['status', receipts.C, '--json'], {env: desk.reviewer, at: at('24', '11:05')}), 'show C').owner).to.equal(null)
    const officeView = must(nss(['status', receipts.A, '--json'], {env: desk.office, at: at('24', '11:05')}), 'office show')
    expect(officeView).not.to.have.property('owner')
    expect(nss(['status', receipts.A], {env: desk.office, at: at('24', '11:05')}).stdout).not.to.contain('r.sato')
    const officeList = must(nss(['status', '--json'], {env: desk.office, at: at('24', '11:05')}), 'office list')
    expect(officeList.applications[0]).not.to.have.property('owner')
  })

  it('keeps the owner on an amendment, and last activity moves with each event', () => {
    must(nss(['review', receipts.A, '--query', '確認させてください。', '--json'], {env: desk.reviewer, at: at('24', '13:00')}), 'query')
    const row = queue(desk.reviewer, at('24', '13:01')).applications.find((a: any) => a.receiptNo === receipts.A)
    expect(row).to.include({status: 'query', owner: 'r.sato'})
    expect(row.lastActivityAt).to.match(/^2026-11-24T13:00:0\d\+09:00$/)
    const amended = must(nss(['amend', receipts.A, '--file', AMEND, '--json'], {env: desk.office, at: at('24', '14:00')}), 'amend').receiptNo
    expect(must(nss(['status', amended, '--json'], {env: desk.reviewer, at: at('24', '14:01')}), 'show amended').owner).to.equal('r.sato')
    expect(receiptsOf(queue(desk.reviewer, at('24', '14:01'), '--mine'))).to.deep.equal([amended])
  })

  it('takes only an open application, and a take by its owner changes nothing', () => {
    expect(must(nss(['review', receipts.D, '--take', '--json'], {env: second, at: at('24', '15:00')}), 'take own'))
      .to.deep.equal({receiptNo: receipts.D, owner: 'r.tanaka', previousOwner: 'r.tanaka'})
    must(nss(['withdraw', receipts.C, '--json'], {env: desk.office, at: at('24', '15:00')}), 'withdraw C')
    const closed = nss(['review', receipts.C, '--take', '--json'], {env: desk.reviewer, at: at('24', '15:01')})
    expect(closed.code).to.equal(5)
    expect(closed.json.error.message).to.contain('「取下げ」')
    // A closed application has no due date; the queue leaves it out unless --status asks for it.
    expect(receiptsOf(queue(desk.reviewer, at('24', '15:02')))).not.to.include(receipts.C)
    const withdrawn = queue(desk.reviewer, at('24', '15:02'), '--status', 'withdrawn')
    expect(withdrawn.applications[0]).to.include({receiptNo: receipts.C, dueDate: null, businessDaysLeft: null})
    expect(nss(['review', receipts.C, '--force', '--check', '--json'], {env: desk.reviewer}).code).to.equal(2)
    expect(nss(['review', receipts.A, '--take', '--json'], {env: desk.office}).code).to.equal(4)
  })
})
