/**
 * Reminders and the staff's digest (issue 14), through the real daemon under libfaketime, on a calendar
 * with a weekend and a national holiday (Monday 2026-11-23): a query unanswered for
 * NSS_QUERY_REMINDER_DAYS business days, passwords not viewed by the window's last business day, the day
 * registration changes take effect, and the digest after 09:00 — each once, never on a closed day.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk, SeededDesk} from '../support/cli'
import {readSpool} from '../support/replies'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const STAFF = {NSS_STAFF_EMAIL: 'desk@center.example.jp'}
const at = (day: string, time = '10:00') => `2026-11-${day}T${time}:00+09:00`

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

describe('reminders and the staff digest (issue 14)', function () {
  this.timeout(180_000)
  let desk: SeededDesk
  let queried: string
  let completed: string
  let viewed: string

  const cycle = (when: string) => must(nss(['daemon', '--once', '--json'], {env: {...desk.ops, ...STAFF}, at: when}), `daemon at ${when}`).lastCycle
  const mails = (kind: string) => (must(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'outbox').mails as any[]).filter(m => m.kind === kind)

  before(() => {
    desk = seededDesk()
    must(nss(['reviewer', 'set', 'r.sato', '--email', 'sato@center.example.jp'], {env: desk.ops}), 'reviewer set')
    const apply = (when: string) => must(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office, at: when}), 'apply').receiptNo
    queried = apply(at('19', '09:30'))
    must(nss(['review', queried, '--query', '確認させてください。', '--json'], {env: desk.reviewer, at: at('19', '10:05')}), 'query')
    completed = apply(at('19', '09:40'))
    must(nss(['review', completed, '--complete', '', '--json'], {env: desk.reviewer, at: at('19', '10:10')}), 'complete')
    viewed = apply(at('19', '09:50'))
    must(nss(['review', viewed, '--complete', '', '--json'], {env: desk.reviewer, at: at('19', '10:15')}), 'complete')
    must(nss(['status', viewed, '--passwords', '--json'], {env: desk.office, at: at('20', '12:00')}), 'view the passwords')
  })

  it('sends the digest from the first cycle after 09:00 of a business day, once a day, to the staff only', async () => {
    expect(cycle(at('20', '08:55')).reminders.digests).to.equal(0)
    expect(cycle(at('20', '09:05')).reminders.digests).to.equal(1)
    expect(cycle(at('20', '15:00')).reminders.digests).to.equal(0)
    const [digest] = mails('staff-digest')
    expect(digest.to).to.deep.equal(['sato@center.example.jp', 'desk@center.example.jp'])
    expect(digest.receiptNo).to.equal(null)
    const sent = (await readSpool(desk.home)).find(m => m.subject.startsWith('【nss-desk】審査の日次まとめ'))!
    expect(sent.subject).to.equal('【nss-desk】審査の日次まとめ 2026年11月20日(金)')
    // The query asked on Thursday waits for an answer; nothing is overdue yet.
    expect(sent.text).to.contain('■回答のない内容確認（1件）').and.contain(`${queried}  NACCS01  2026年11月19日`)
    expect(sent.text).to.contain('■処理期限を過ぎた申込（0件）')
  })

  it('sends nothing on the weekend and the holiday', () => {
    for (const day of ['21', '22', '23']) {
      const {reminders} = cycle(at(day, '10:00'))
      expect(reminders, day).to.deep.equal({queryReminders: 0, passwordReminders: 0, registrationApplied: 0, digests: 0})
    }
    expect(mails('staff-digest')).to.have.length(1)
  })

  it('reminds the office of a query after NSS_QUERY_REMINDER_DAYS business days, once', () => {
    // Asked Thursday 11-19: Friday, Tuesday (after the weekend and the holiday) are two business days.
    expect(cycle(at('24', '10:00')).reminders.queryReminders).to.equal(0)
    expect(cycle(at('25', '10:00')).reminders.queryReminders).to.equal(1)
    expect(cycle(at('25', '16:00')).reminders.queryReminders).to.equal(0)
    expect(cycle(at('26', '10:00')).reminders.queryReminders).to.equal(0)
    const [reminder] = mails('query-reminder')
    expect(reminder).to.include({receiptNo: queried, status: 'sent'})
    expect(reminder.to).to.deep.equal(['taro@example.jp', 'admin@example.jp'])
    expect(mails('staff-digest').map(m => m.createdAt.slice(0, 10)).sort()).to.deep.equal(['2026-11-20', '2026-11-24', '2026-11-25', '2026-11-26'])
  })

  it('reminds of passwords not viewed on the last business day of their window, and not of those viewed', () => {
    // Completed Thursday 11-19: viewable until the end of its 3rd business day (Thursday, Friday, then
    // Tuesday 11-24 after the weekend and the holiday); Friday's cycle sent nothing, Tuesday's the one
    // reminder, Wednesday's none (the passwords were purged).
    const reminded = mails('password-reminder')
    expect(reminded.map(m => m.receiptNo)).to.not.include(viewed)
    expect(reminded.map(m => m.receiptNo)).to.include(completed)
    expect(reminded).to.have.length(1)
    expect(reminded[0].createdAt.slice(0, 10)).to.equal('2026-11-24')
  })

  it('tells the office the day its registration changes took effect (反映完了), once', async () => {
    // Registered for the 4th business day after completion: Thursday 11-26.
    expect(must(nss(['status', completed, '--json'], {env: desk.office}), 'status').registrationDate).to.equal('2026-11-26')
    const applied = mails('registration-applied')
    expect(applied.map(m => m.receiptNo).sort()).to.deep.equal([completed, viewed].sort())
    expect(applied.every(m => m.createdAt.startsWith('2026-11-26'))).to.equal(true)
    expect(cycle(at('27', '10:00')).reminders.registrationApplied).to.equal(0)
    const sent = (await readSpool(desk.home)).find(m => m.subject === `【${completed}】システム設定 反映完了のお知らせ`)!
    expect(sent.text).to.contain('TOKYO OFFICE 2').and.contain('NACCS登録日：2026年11月26日')
  })
})
