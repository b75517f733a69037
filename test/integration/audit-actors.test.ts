/**
 * Who did what (issue 14): every 進行状況 entry carries its actor — the office, the reviewer, or the mail
 * bot with the inbound message it acted on — shown to reviewers (the 参照 screen's 実行者 column,
 * `log[].actor`) and never to the office; `nss audit [--receipt R] [--since DATE]` lists the events.
 * Through the real CLI, the daemon on a Maildir, and a real `nss serve`.
 */
import {expect} from 'chai'
import {CliResult, nss, seededDesk, SeededDesk} from '../support/cli'
import {applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, readQueryMail} from '../support/replies'
import {createToken, startServerSync, testCa} from '../support/server'

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

describe('who did what: actors in 進行状況 and nss audit (issue 14)', function () {
  this.timeout(120_000)
  let desk: SeededDesk
  let receiptNo: string
  let amended: string
  let inboundId: number

  before(async () => {
    desk = seededDesk()
    receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, buildReply(query, {
      client: 'thunderbird', charset: 'utf-8-qp', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: 'メールで修正'})}`,
    }))
    const run = daemonOnce(desk.home)
    const [result] = run.json.lastCycle.inbound
    expect(result.outcome, run.stdout).to.equal('amended')
    inboundId = must(nss(['mail', 'inbound', '--json'], {env: desk.ops}), 'inbound').messages[0].id
    amended = must(nss(['status', receiptNo, '--json'], {env: desk.reviewer}), 'status').supersededBy
  })

  it('names the office, the reviewer and the mail bot with its inbound message in log[].actor, to reviewers', () => {
    const original = must(nss(['status', receiptNo, '--json'], {env: desk.reviewer}), 'status')
    expect(original.log.map((l: any) => [l.item, l.actor])).to.deep.equal([
      ['システム設定申込', 'office:NACCS01'],
      ['システム設定申込 回答(内容確認)', 'reviewer:r.sato'],
      ['システム設定申込 修正', `mail:${inboundId}`],
    ])
    const next = must(nss(['status', amended, '--json'], {env: desk.reviewer}), 'status amended')
    // The amendment, and what the office wrote above the form (事業所からの連絡), both by that mail.
    expect(next.log.map((l: any) => [l.item, l.actor])).to.deep.equal([
      ['システム設定申込(修正)', `mail:${inboundId}`], ['事業所からの連絡', `mail:${inboundId}`],
    ])
    const lines = nss(['status', receiptNo], {env: desk.reviewer}).stdout.split('\n')
    expect(lines.find(l => l.includes('作業項目'))).to.match(/作業日 +実行者 +通知内容/)
    expect(lines.find(l => l.includes('システム設定申込 修正'))).to.contain(`メール受信 ${inboundId}`)
    expect(lines.find(l => l.includes('回答(内容確認)'))).to.contain('審査担当者 r.sato')
  })

  it('shows the office no actor at all', () => {
    const view = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'office status')
    expect(view.log.every((l: any) => !('actor' in l))).to.equal(true)
    const screen = nss(['status', receiptNo], {env: desk.office}).stdout
    expect(screen).not.to.contain('実行者').and.not.to.contain('r.sato')
  })

  it('lists the audit events of an application, the newest first, with the same actors', () => {
    const {events, total} = must(nss(['audit', '--receipt', receiptNo, '--json'], {env: desk.ops}), 'audit')
    expect(events.map((e: any) => [e.action, e.actor])).to.deep.equal([
      ['amend', `mail:${inboundId}`],
      ['query', 'reviewer:r.sato'],
      ['apply', 'office:NACCS01'],
    ])
    expect(total).to.equal(3)
    expect(events[0].detail).to.equal(`amended as ${amended}`)
    const all = must(nss(['audit', '--limit', '0', '--json'], {env: desk.ops}), 'audit all')
    expect(all.events.map((e: any) => e.receiptNo)).to.include(amended)
    expect(must(nss(['audit', '--limit', '1', '--json'], {env: desk.ops}), 'audit 1').events).to.have.length(1)
    expect(must(nss(['audit', '--since', '2099-01-01', '--json'], {env: desk.ops}), 'future').events).to.deep.equal([])
    const bad = nss(['audit', '--since', '2026-13-40', '--json'], {env: desk.ops})
    expect(bad.code).to.equal(2)
    expect(bad.json.error.issues[0].path).to.equal('since')
    const screen = nss(['audit', '--receipt', receiptNo], {env: desk.ops}).stdout
    expect(screen).to.contain(`メール受信 ${inboundId}`).and.contain('amend')
  })

  it('gives reviewers the actors through the desk server too, and offices none', () => {
    const server = startServerSync(desk.home)
    try {
      const remote = (principal: {office: string} | {reviewer: string}) => ({
        NSS_HOME: `${desk.home}-client`, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '',
        NSS_TOKEN: createToken(desk.home, principal).token,
      })
      const reviewerView = must(nss(['status', receiptNo, '--json'], {env: remote({reviewer: 'r.sato'})}), 'remote reviewer')
      expect(reviewerView.log.map((l: any) => l.actor)).to.deep.equal(['office:NACCS01', 'reviewer:r.sato', `mail:${inboundId}`])
      const officeView = must(nss(['status', receiptNo, '--json'], {env: remote({office: 'NACCS01'})}), 'remote office')
      expect(officeView.log.every((l: any) => !('actor' in l))).to.equal(true)
    } finally {
      void server.stop()
    }
  })
})
