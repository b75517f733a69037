/**
 * The staff's addresses and notices (issue 14), through the real CLI, the daemon reading a real Maildir,
 * a loopback SMTP server and a real `nss serve`: `reviewer add --email`, `reviewer set`, `reviewer list`,
 * NSS_STAFF_EMAIL; a notice on a new application, an amendment (CLI and mail), a withdrawal, a mail to an
 * office that failed or bounced — to the owner when there is one, else to every reviewer with an address
 * and the desk's address — never to an office and never on an office's `status`.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {readSecretKey} from '../../src/app/secret-key'
import {bounceAddressFor, mailboxOf} from '../../src/mail/reply-address'
import {CliResult, EXAMPLES, nss, nssAsync, seededDesk, SeededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, deliveryReport, editForm, formOf, readQueryMail, readSpool, SentMail,
} from '../support/replies'
import {createToken, startServerSync, testCa} from '../support/server'
import {parseMessage, textOf} from '../support/mail'
import {TestSmtpServer} from '../support/smtp-server'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const AMEND = path.join(EXAMPLES, 'amend.json')
const SATO = 'sato@center.example.jp'
const TANAKA = 'tanaka@center.example.jp'
const DESK = 'desk@center.example.jp'
const OFFICE_ADDRESSES = ['taro@example.jp', 'admin@example.jp']
const STAFF = {NSS_STAFF_EMAIL: DESK}

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

describe("the staff's addresses and notices (issue 14)", function () {
  this.timeout(180_000)
  let desk: SeededDesk
  let ops: Record<string, string>
  let office: Record<string, string>
  let reviewer: Record<string, string>

  const outbox = (receiptNo: string) => must(nss(['mail', 'outbox', '--receipt', receiptNo, '--json'], {env: ops}), 'outbox').mails as any[]
  const noticesOf = (receiptNo: string) => outbox(receiptNo).filter(m => m.kind === 'staff-notice')
  const spoolNotices = async (receiptNo: string): Promise<SentMail[]> =>
    (await readSpool(desk.home)).filter(m => m.subject.startsWith(`【${receiptNo}】`) && m.text.includes('審査担当者'))

  before(() => {
    desk = seededDesk()
    ops = {...desk.ops, ...STAFF}
    office = {...desk.office, ...STAFF}
    reviewer = {...desk.reviewer, ...STAFF}
    must(nss(['reviewer', 'set', 'r.sato', '--email', SATO, '--json'], {env: ops}), 'reviewer set')
    must(nss(['reviewer', 'add', 'r.tanaka', '--name', '田中 一郎', '--email', TANAKA], {env: {...ops, NSS_PASSWORD: 'reviewer-pass-44'}}), 'add')
    must(nss(['reviewer', 'add', 'r.suzuki', '--name', '鈴木 次郎'], {env: {...ops, NSS_PASSWORD: 'reviewer-pass-55'}}), 'add without address')
  })

  it('keeps, changes and lists the reviewers\' addresses, refusing a bad one, never showing a password', () => {
    const list = must(nss(['reviewer', 'list', '--json'], {env: ops}), 'list').reviewers
    expect(list).to.deep.equal([
      {reviewer: 'r.sato', name: '佐藤 花子', email: SATO, hasPassword: true},
      {reviewer: 'r.suzuki', name: '鈴木 次郎', email: null, hasPassword: true},
      {reviewer: 'r.tanaka', name: '田中 一郎', email: TANAKA, hasPassword: true},
    ])
    expect(JSON.stringify(list)).not.to.contain('scrypt')
    const screen = nss(['reviewer', 'list'], {env: ops}).stdout
    expect(screen).to.match(/r\.suzuki +鈴木 次郎 +なし/)
    // Added again (a password reset) without --email, a reviewer keeps its address.
    must(nss(['reviewer', 'add', 'r.tanaka', '--name', '田中 一郎'], {env: {...ops, NSS_PASSWORD: 'reviewer-pass-46'}}), 'reset')
    expect(must(nss(['reviewer', 'list', '--json'], {env: ops}), 'list').reviewers[2].email).to.equal(TANAKA)
    const bad = nss(['reviewer', 'set', 'r.sato', '--email', 'not an address', '--name', '', '--json'], {env: ops})
    expect(bad.code).to.equal(2)
    expect(bad.json.error.issues.map((i: any) => i.path).sort()).to.deep.equal(['email', 'name'])
    expect(nss(['reviewer', 'set', 'r.nobody', '--email', SATO], {env: ops}).code).to.equal(3)
    expect(nss(['reviewer', 'set', 'r.sato'], {env: ops}).code).to.equal(2)
    const badConfig = nss(['status', '--json'], {env: {...office, NSS_STAFF_EMAIL: 'desk@'}})
    expect(badConfig.code).to.equal(6)
    expect(badConfig.json.error.issues[0].path).to.equal('NSS_STAFF_EMAIL')
  })

  it('tells every reviewer with an address and the desk of a new application, never the office, and not on its status', async () => {
    const {receiptNo} = must(nss(['apply', '--file', APPLICATION, '--json'], {env: office}), 'apply')
    const [notice] = noticesOf(receiptNo)
    expect(noticesOf(receiptNo)).to.have.length(1)
    expect(notice.to).to.deep.equal([SATO, TANAKA, DESK])
    expect(notice.status).to.equal('sent')
    const [sent] = await spoolNotices(receiptNo)
    expect(sent.to).to.deep.equal([SATO, TANAKA, DESK])
    expect(sent.subject).to.equal(`【${receiptNo}】新しいシステム設定申込（NACCS01 NACCSトレード株式会社 東京事業所）`)
    expect(sent.text).to.contain(`申込受付番号：${receiptNo}`).and.contain(`nss status ${receiptNo}`)
    for (const address of OFFICE_ADDRESSES) expect(sent.to).not.to.include(address)
    // The office's screen and JSON list its own mails only; the reviewer's too.
    const view = must(nss(['status', receiptNo, '--json'], {env: office}), 'status')
    expect(view.mail.map((m: any) => m.kind)).to.deep.equal(['receipt'])
    expect(nss(['status', receiptNo], {env: office}).stdout).not.to.contain(SATO)
    expect(must(nss(['status', receiptNo, '--json'], {env: reviewer}), 'reviewer status').mail.map((m: any) => m.kind)).to.deep.equal(['receipt'])
  })

  it("tells only the owner of an amendment and a withdrawal, and everyone when its owner has no address", () => {
    const receiptNo = applyAndQuery({office, reviewer})
    must(nss(['review', receiptNo, '--take', '--json'], {env: reviewer}), 'take')
    const {receiptNo: amended} = must(nss(['amend', receiptNo, '--file', AMEND, '--json'], {env: office}), 'amend')
    const [notice] = noticesOf(amended)
    expect(notice.to).to.deep.equal([SATO])
    must(nss(['withdraw', amended, '--json'], {env: office}), 'withdraw')
    expect(noticesOf(amended).map(n => n.to)).to.deep.equal([[SATO], [SATO]])
    // The owner without an address: every reviewer with one, and the desk.
    const other = applyAndQuery({office, reviewer})
    must(nss(['review', other, '--take', '--json'], {env: {...desk.reviewer, NSS_REVIEWER: 'r.suzuki', NSS_PASSWORD: 'reviewer-pass-55'}}), 'take as suzuki')
    must(nss(['withdraw', other, '--json'], {env: office}), 'withdraw other')
    expect(noticesOf(other).map(n => n.to)).to.deep.equal([[SATO, TANAKA, DESK], [SATO, TANAKA, DESK]])
  })

  it('tells the staff of an amendment by mail, in the commit of the amendment', async () => {
    const receiptNo = applyAndQuery({office, reviewer})
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, buildReply(query, {
      client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: 'メールで修正'})}`,
    }))
    const run = daemonOnce(desk.home, STAFF)
    const [result] = run.json.lastCycle.inbound
    expect(result.outcome, run.stdout).to.equal('amended')
    const amended = must(nss(['status', receiptNo, '--json'], {env: office}), 'status').supersededBy
    const [notice] = noticesOf(amended)
    expect(notice).to.include({status: 'sent'})
    expect(notice.to).to.deep.equal([SATO, TANAKA, DESK])
    const [sent] = await spoolNotices(amended)
    expect(sent.subject).to.contain('申込内容の修正')
    expect(sent.text).to.contain(`修正元の申込受付番号：${receiptNo}`)
  })

  it('tells the staff of a mail to the office that failed (SMTP 550), and of one that bounced (a DSN to its VERP address)', async () => {
    const smtp = await TestSmtpServer.start()
    try {
      for (const address of OFFICE_ADDRESSES) smtp.refusedRecipients.add(address)
      const env = {...office, NSS_SMTP_URL: smtp.url()}
      const {receiptNo} = must(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env}), 'apply')
      const receipt = outbox(receiptNo).find(m => m.kind === 'receipt')
      expect(receipt.status).to.equal('failed')
      must(await nssAsync(['mail', 'deliver', '--json'], {env: {...ops, NSS_SMTP_URL: smtp.url()}}), 'deliver')
      const notices = noticesOf(receiptNo)
      expect(notices).to.have.length(2)
      expect(notices.every(n => n.status === 'sent')).to.equal(true)
      // What the SMTP server accepted: the two notices, to the staff only (the office's addresses are refused).
      const subjects = await Promise.all(smtp.messages.map(async m => (await parseMessage(m.raw)).subject))
      expect(subjects).to.deep.equal([`【${receiptNo}】新しいシステム設定申込（NACCS01 NACCSトレード株式会社 東京事業所）`, `【${receiptNo}】事業所へのメールの送信失敗（NACCS01 NACCSトレード株式会社 東京事業所）`])
      expect(smtp.messages.map(m => m.to)).to.deep.equal([[SATO, TANAKA, DESK], [SATO, TANAKA, DESK]])
      expect(textOf(await parseMessage(smtp.messages[1].raw))).to.contain('receipt → taro@example.jp, admin@example.jp: 550')
    } finally {
      await smtp.stop()
    }

    // A bounce of the receipt mail of an application in the spool's desk.
    const receiptNo = applyAndQuery({office, reviewer})
    const receipt = outbox(receiptNo).find(m => m.kind === 'receipt')
    const verp = bounceAddressFor(mailboxOf('NACCSセンター <nss@nss-desk.localhost>'), readSecretKey(desk.home), receipt.id)
    deliverToMaildir(desk.home, deliveryReport({to: verp, returnedHeaders: 'To: taro@example.jp'}))
    const run = daemonOnce(desk.home, STAFF)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stdout).to.deep.equal(['bounce-recorded'])
    const bounced = noticesOf(receiptNo).filter(n => n.status === 'sent')
    expect(bounced).to.have.length(2)
    const [sent] = (await spoolNotices(receiptNo)).filter(m => m.subject.includes('不達'))
    expect(sent.to).to.deep.equal([SATO, TANAKA, DESK])
    expect(sent.text).to.contain('receipt → taro@example.jp').and.contain('5.1.1')
    // The same DSN again tells nobody twice.
    deliverToMaildir(desk.home, deliveryReport({to: verp, returnedHeaders: 'To: taro@example.jp'}))
    daemonOnce(desk.home, STAFF)
    expect(noticesOf(receiptNo)).to.have.length(2)
  })

  it('writes the same notices when the office applies through the desk server', () => {
    const server = startServerSync(desk.home, {env: STAFF})
    try {
      const remote = {
        NSS_HOME: desk.home + '-client', NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '',
        NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}).token,
      }
      const {receiptNo} = must(nss(['apply', '--file', APPLICATION, '--json'], {env: remote}), 'remote apply')
      expect(noticesOf(receiptNo).map(n => n.to)).to.deep.equal([[SATO, TANAKA, DESK]])
      expect(must(nss(['status', receiptNo, '--json'], {env: remote}), 'remote status').mail.map((m: any) => m.kind)).to.deep.equal(['receipt'])
    } finally {
      void server.stop()
    }
  })
})
