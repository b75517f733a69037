/**
 * Messages from the center (issue 14): `nss review RECEIPT --message TEXT` writes 「NACCSセンターからの連絡」
 * in 進行状況, posts 新着情報 and mails the office — with the reply form and the signed reply address
 * again while the application is under query, so the office can answer that mail — and leaves the status
 * as it was. Through the real CLI, the mail bot on a Maildir, and a real `nss serve`.
 */
import {expect} from 'chai'
import {CliResult, nss, seededDesk, SeededDesk, EXAMPLES} from '../support/cli'
import * as path from 'node:path'
import {applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, readSpool, SentMail} from '../support/replies'
import {createToken, startServerSync, testCa} from '../support/server'

const MESSAGE = '担当者の異動日をお知らせください。\nお電話でも承ります。'

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

describe('messages from the center: review --message (issue 14)', function () {
  this.timeout(120_000)
  let desk: SeededDesk

  const messageMails = async (receiptNo: string): Promise<SentMail[]> =>
    (await readSpool(desk.home)).filter(m => m.subject === `【${receiptNo}】システム設定申込 NACCSセンターからのご連絡`)

  before(() => {
    desk = seededDesk()
  })

  it('tells the office of a received application without changing its status: 進行状況, 新着情報 and a mail without the form', async () => {
    const {receiptNo} = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply')
    const result = must(nss(['review', receiptNo, '--message', MESSAGE, '--json'], {env: desk.reviewer}), 'message')
    expect(result).to.deep.equal({receiptNo, status: 'received'})
    const view = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect(view.status).to.equal('received')
    expect(view.log.map((l: any) => [l.item, l.notice])).to.deep.equal([['システム設定申込', ''], ['NACCSセンターからの連絡', MESSAGE]])
    expect(view.mail.map((m: any) => [m.kind, m.status])).to.deep.equal([['receipt', 'sent'], ['message', 'sent']])
    const news = must(nss(['status', '--json'], {env: desk.office}), 'news').news
    expect(news[0]).to.include({receiptNo, message: 'システム設定申込についてNACCSセンターからの連絡があります。通知内容をご確認ください。'})
    const [mail] = await messageMails(receiptNo)
    expect(mail.to).to.deep.equal(['taro@example.jp', 'admin@example.jp'])
    expect(mail.text).to.contain(MESSAGE).and.contain('申込の状況は変わっていません')
    expect(mail.text).not.to.contain('返信フォーム')
    expect(mail.replyTo, 'no reply form, no signed reply address').to.equal(null)
    // One audit event per message, as for every lifecycle event.
    const audit = must(nss(['audit', '--receipt', receiptNo, '--json'], {env: desk.ops}), 'audit').events
    expect(audit.map((e: any) => [e.action, e.actor])).to.deep.equal([['message', 'reviewer:r.sato'], ['apply', 'office:NACCS01']])
    const screen = nss(['review', receiptNo, '--message', 'もう一点。'], {env: desk.reviewer})
    expect(screen.stdout).to.contain(`事業所にNACCSセンターからの連絡を通知しました。申込受付番号「${receiptNo}」`)
  })

  it('sends the reply form again under query, and the office can amend by answering that mail', async () => {
    const receiptNo = applyAndQuery(desk)
    must(nss(['review', receiptNo, '--message', MESSAGE, '--json'], {env: desk.reviewer}), 'message')
    expect(must(nss(['status', receiptNo, '--json'], {env: desk.reviewer}), 'status').status).to.equal('query')
    const [mail] = await messageMails(receiptNo)
    expect(mail.replyTo, 'the signed reply address').to.be.a('string')
    const form = formOf(mail.text)
    expect(form).to.contain(receiptNo)
    deliverToMaildir(desk.home, buildReply(mail, {
      client: 'outlook', charset: 'iso-2022-jp', body: `異動日は来月1日です。\n\n${editForm(form, {操作: '修正', 備考: '連絡を受けて修正'})}`,
    }))
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stdout).to.deep.equal(['amended'])
    expect(must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status').status).to.equal('superseded')
  })

  it('refuses a closed application (exit 5), an empty message (exit 2) and an office (exit 4), changing nothing', () => {
    const {receiptNo} = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply')
    must(nss(['withdraw', receiptNo, '--json'], {env: desk.office}), 'withdraw')
    const before = nss(['status', receiptNo, '--json'], {env: desk.reviewer}).stdout
    expect(nss(['review', receiptNo, '--message', MESSAGE, '--json'], {env: desk.reviewer}).code).to.equal(5)
    const open = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply').receiptNo
    const empty = nss(['review', open, '--message', '  ', '--json'], {env: desk.reviewer})
    expect(empty.code).to.equal(2)
    expect(empty.json.error.issues[0].path).to.equal('notice')
    expect(nss(['review', open, '--message', MESSAGE, '--json'], {env: desk.office}).code).to.equal(4)
    expect(nss(['review', open, '--message', MESSAGE, '--take', '--json'], {env: desk.reviewer}).code).to.equal(2)
    expect(nss(['status', receiptNo, '--json'], {env: desk.reviewer}).stdout).to.equal(before)
    expect(must(nss(['status', open, '--json'], {env: desk.reviewer}), 'status').log).to.have.length(1)
  })

  it('works the same through the desk server', async () => {
    const server = startServerSync(desk.home)
    try {
      const remote = (principal: {office: string} | {reviewer: string}) => ({
        NSS_HOME: `${desk.home}-client`, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '',
        NSS_TOKEN: createToken(desk.home, principal).token,
      })
      const office = remote({office: 'NACCS01'})
      const reviewer = remote({reviewer: 'r.sato'})
      const {receiptNo} = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: office}), 'apply')
      expect(must(nss(['review', receiptNo, '--message', MESSAGE, '--json'], {env: reviewer}), 'message')).to.deep.equal({receiptNo, status: 'received'})
      const view = must(nss(['status', receiptNo, '--json'], {env: office}), 'status')
      expect(view.log.at(-1)).to.include({item: 'NACCSセンターからの連絡', notice: MESSAGE})
      expect(nss(['review', receiptNo, '--message', MESSAGE, '--json'], {env: office}).code).to.equal(4)
      expect((await messageMails(receiptNo))).to.have.length(1)
    } finally {
      await server.stop()
    }
  })
})
