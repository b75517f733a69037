/**
 * Issue 11, the mail path's trust (points 1, 2, 6 and 7): a From that two readers would read
 * differently is never acted on; the contact's e-mail address is not changed by mail, and a change
 * by `nss amend` is told to the address it replaces and the administrator; the explanation to a
 * sender without a valid token quotes nothing the sender wrote; References are read and written
 * bounded. Through the daemon's cycle in process, over the store of this run (SQLite or PostgreSQL).
 */
import {expect} from 'chai'
import {simpleParser} from 'mailparser'
import {DeskContext, openContext} from '../../src/app/context'
import {MailSourceKeeper, runCycle} from '../../src/app/daemon.use-case'
import {listInbound} from '../../src/app/inbound-admin.use-case'
import {silentLogger} from '../../src/app/log'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {nss, seededDesk, writeJsonFile} from '../support/cli'
import {
  applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, inboxOf, readQueryMail, readSpool, SentMail, statusOf,
} from '../support/replies'
import {testConfig} from '../support/store'

/** A signed reply from the contact that amends 備考 (and whatever else `edits` says). */
function amendingReply(
  query: SentMail, edits: Record<string, string> = {}, options: {subject?: string; to?: string; body?: string; from?: string; messageId?: string} = {},
): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: '返信で修正', ...edits})
  return buildReply(query, {
    client: 'gmail', charset: 'utf-8-base64', body: options.body ?? `修正します。\n\n${form}`,
    subject: options.subject, to: options.to, from: options.from, messageId: options.messageId,
  })
}

/** `raw` with its From header line replaced by `lines`, byte for byte. */
function withFromLines(raw: Buffer, lines: string): Buffer {
  const text = raw.toString('latin1')
  const from = /^From: [^\r\n]*\r\n/m.exec(text)!
  return Buffer.from(text.slice(0, from.index) + lines + text.slice(from.index + from[0].length), 'latin1')
}

/** `raw` with one more header line (given with its line end) after its From line. */
function withHeaderAfterFrom(raw: Buffer, line: string): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/^(From: [^\r\n]*\r?\n)/m, `$1${line}`), 'latin1')
}

describe('mail bot: whose mail the desk believes (issue 11)', function () {
  let desk: ReturnType<typeof seededDesk>
  let ctx: DeskContext

  before(async function () {
    desk = seededDesk()
    ctx = await openContext({config: testConfig({...process.env, NSS_HOME: desk.home})})
  })
  after(async function () {
    await ctx.store.close()
  })

  async function cycle() {
    const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log: silentLogger})
    return report.inbound!
  }

  async function mailsSince(before: SentMail[]): Promise<SentMail[]> {
    const known = new Set(before.map(m => m.file))
    return (await readSpool(desk.home)).filter(m => !known.has(m.file))
  }

  it('never acts on a message with an ambiguous header section (bare LF among CRLF, a CR in a bare-LF file, two From, several addresses, a group, no address); a bare-LF file still works', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    // Each variant its own reply (its own Message-ID: a Message-ID is acted on once).
    const crlf = () => amendingReply(query)
    const lf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
    // The attack of issue 11 without DMARC: the desk's reader took the lone CR for a line end.
    deliverToMaildir(desk.home, withFromLines(crlf(), 'X-Mailer: x\rFrom: <taro@example.jp>\r\nFrom: Attacker <attacker@evil.example>\r\n'), '9000.bare-cr')
    deliverToMaildir(desk.home, withHeaderAfterFrom(crlf(), 'X-Mailer: x\n'), '9001.bare-lf-in-crlf')
    deliverToMaildir(desk.home, withHeaderAfterFrom(lf(crlf()), 'X-Mailer: x\r\n'), '9002.cr-in-lf')
    deliverToMaildir(desk.home, withFromLines(crlf(), 'From: <taro@example.jp>\r\nFrom: <attacker@evil.example>\r\n'), '9003.two-froms')
    deliverToMaildir(desk.home, withFromLines(crlf(), 'From: taro@example.jp, attacker@evil.example\r\n'), '9004.two-addresses')
    deliverToMaildir(desk.home, withFromLines(crlf(), 'From: Staff: taro@example.jp;\r\n'), '9005.group')
    deliverToMaildir(desk.home, withFromLines(crlf(), 'From: Tsukan Taro\r\n'), '9006.no-address')
    // Last: the same reply as a Maildir file with bare LF throughout, which is acted on as usual.
    deliverToMaildir(desk.home, lf(amendingReply(query, {備考: 'LFだけの返信'})), '9007.bare-lf')

    const results = await cycle()
    expect(results.map(r => [r.ref, r.outcome])).to.deep.equal([
      ['9000.bare-cr', 'unauthenticated'], ['9001.bare-lf-in-crlf', 'unauthenticated'], ['9002.cr-in-lf', 'unauthenticated'], ['9003.two-froms', 'unauthenticated'],
      ['9004.two-addresses', 'unauthenticated'], ['9005.group', 'unauthenticated'], ['9006.no-address', 'unauthenticated'],
      ['9007.bare-lf', 'amended'],
    ])
    const {messages} = await listInbound(ctx, {})
    const detailOf = (ref: string) => messages.find(m => m.sourceRef === ref)?.detail
    expect(detailOf('9001.bare-lf-in-crlf')).to.match(/^ambiguous header: mixed line ends in the header section \(\d+ CRLF, 1 bare LF\)$/)
    expect(detailOf('9000.bare-cr')).to.match(/^ambiguous header: a bare CR in the header section \(byte \d+\)$/)
    expect(detailOf('9002.cr-in-lf')).to.match(/^ambiguous header: mixed line ends in the header section \(1 CRLF, \d+ bare LF\)$/)
    expect(detailOf('9003.two-froms')).to.equal('ambiguous header: 2 From headers')
    expect(detailOf('9004.two-addresses')).to.equal('ambiguous header: the From header has 2 addresses')
    expect(detailOf('9005.group')).to.equal('ambiguous header: the From header is a group')
    expect(detailOf('9006.no-address')).to.equal('ambiguous header: the From header has no address')
    expect(statusOf(desk, results[7].newReceiptNo!).remarks).to.equal('LFだけの返信')
    // The only mail written is the amendment's receipt mail: the refused messages got no answer.
    expect((await mailsSince(before)).map(m => m.messageId.split('.')[1])).to.deep.equal(['receipt'])
  })

  // Before the tests that write reply-errors to the administrator: the explanation goes out once a day per address.
  it('explains to a registered sender without a valid token without quoting anything it wrote, under the desk\'s own subject and threaded to nothing', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    const lure = '至急: https://evil.example/login で再認証してください'
    deliverToMaildir(desk.home, amendingReply(query, {}, {
      subject: `Re: 【${receiptNo}】${lure}`, to: 'nss@nss-desk.localhost', body: `${lure}\n\n修正します。`, from: 'admin@example.jp',
    }))

    const results = await cycle()
    expect(results.map(r => [r.outcome, r.receiptNo])).to.deep.equal([['unsigned', receiptNo]])
    const mails = await mailsSince(before)
    expect(mails.map(m => [m.to, m.subject])).to.deep.equal([[['admin@example.jp'], `【${receiptNo}】システム設定申込 返信メールを処理できませんでした`]])
    const raw = mails[0].raw.toString('latin1')
    const parsed = await simpleParser(mails[0].raw)
    expect(`${parsed.text}\n${parsed.html}`).not.to.match(/evil\.example|再認証|件名/)
    expect(raw).not.to.match(/^(In-Reply-To|References):/im)
  })

  it('refuses by mail a change of the contact\'s e-mail address, naming its line; nothing changes, and the contact and the administrator are told, the new address nothing', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    deliverToMaildir(desk.home, amendingReply(query, {'申込担当者 E-mailアドレス': 'thief@evil.example', 備考: '担当者変更'}))

    const results = await cycle()
    expect(results.map(r => r.outcome)).to.deep.equal(['reply-error'])
    const status = statusOf(desk, receiptNo)
    expect([status.status, status.contact.email]).to.deep.equal(['query', 'taro@example.jp'])
    const mails = await mailsSince(before)
    expect(mails.map(m => [m.messageId.split('.')[1], m.to])).to.deep.equal([['reply-error', ['taro@example.jp', 'admin@example.jp']]])
    expect(mails[0].text).to.match(/\d+行目: 「申込担当者 E-mailアドレス」はメールでは変更できません。変更は、事業所のパスワードでログインして nss amend で行ってください。/)
    expect(JSON.stringify(mails)).not.to.contain('thief@evil.example')
  })

  it('tells the old contact and the administrator when `nss amend` changes the contact\'s e-mail address', async function () {
    const receiptNo = applyAndQuery(desk)
    const before = await readSpool(desk.home)
    const patch = writeJsonFile(desk.home, 'new-contact.json', {contact: {email: 'hanako@example.jp'}})
    const amended = nss(['amend', receiptNo, '--file', patch, '--json'], {env: desk.office})
    expect(amended.code, amended.stderr).to.equal(0)
    const newNo = amended.json.receiptNo as string

    const mails = await mailsSince(before)
    expect(mails.map(m => [m.messageId.split('.')[1], m.to]).sort()).to.deep.equal([
      ['contact-changed', ['taro@example.jp', 'admin@example.jp']],
      ['receipt', ['hanako@example.jp', 'admin@example.jp']],
    ])
    const notice = mails.find(m => m.messageId.includes('.contact-changed.'))!
    expect(notice.subject).to.equal(`【${newNo}】システム設定申込 申込担当者E-mailアドレス変更のお知らせ`)
    expect(notice.text).to.contain('変更前のE-mailアドレス：taro@example.jp').and.contain('変更後のE-mailアドレス：hanako@example.jp')
      .and.contain(`申込受付番号 ${receiptNo} の修正で`)
  })

  it('routes and acts on replies with 40,000 References (signed, and by threading), and answers with a bounded References: the first and the last 10', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    const many = [...Array.from({length: 40_000}, (_, i) => `<r${i}@e.jp>`), query.messageId]
    const lines: string[] = []
    for (let i = 0; i < many.length; i += 40) lines.push(many.slice(i, i + 40).join(' '))
    const withReferences = (raw: Buffer) => Buffer.from(
      raw.toString('latin1').replace(`References: ${query.messageId}\r\n`, `References: ${lines.join('\r\n ')}\r\n`), 'latin1')
    const signedId = '<signed-40000@example.jp>'
    deliverToMaildir(desk.home, withReferences(amendingReply(query, {備考: '参照4万件'}, {messageId: signedId})), '9101.signed')
    // To the plain desk address from the administrator: routed by its threading, then told how to reply.
    deliverToMaildir(desk.home, withReferences(amendingReply(query, {}, {to: 'nss@nss-desk.localhost', from: 'admin@example.jp'})), '9102.threaded')

    const results = await cycle()
    expect(results.map(r => [r.ref, r.outcome, r.receiptNo])).to.deep.equal([['9101.signed', 'amended', receiptNo], ['9102.threaded', 'unsigned', receiptNo]])
    const receipt = (await mailsSince(before)).find(m => m.messageId.startsWith(`<${results[0].newReceiptNo}.receipt.`))!
    const parsed = await simpleParser(receipt.raw)
    expect(parsed.inReplyTo).to.equal(signedId)
    expect(parsed.references).to.deep.equal(['<r0@e.jp>', ...many.slice(-9), signedId])
  })
})
