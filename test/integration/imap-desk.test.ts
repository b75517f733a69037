/**
 * The whole mail round trip through real servers (issue 4, issue 5's mail stack): the desk configured
 * with NSS_SMTP_URL (Postfix) and NSS_IMAP_URL (Dovecot) of the private mail stack. The office applies
 * and the reviewer queries through the CLI; the query mail goes out through Postfix → LMTP into the
 * office's IMAP mailbox; the office replies to its signed Reply-To through Postfix, which lands in the
 * desk's mailbox; `nss daemon --once` reads it over IMAP, amends the application under a new receipt
 * number, marks the reply done ($NssDone) and sends the receipt mail, which reaches the office's mailbox.
 */
import {expect} from 'chai'
import {simpleParser} from 'mailparser'
import * as nodemailer from 'nodemailer'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk} from '../support/cli'
import {MailStack} from '../support/mailstack'
import {buildReply, editForm, formOf, SEED_NOTICE, SentMail} from '../support/replies'

const CONTACT = 'taro@example.jp'

function ok(result: CliResult, what: string): any {
  expect(result.code, `${what} (stderr: ${result.stderr} stdout: ${result.stdout})`).to.equal(0)
  return result.json
}

/** A message of the office's mailbox, in the shape test/support/replies.ts builds replies from. */
async function sentMailOf(raw: Buffer): Promise<SentMail> {
  const parsed = await simpleParser(raw)
  const addresses = (field: typeof parsed.to) => (field === undefined ? [] : Array.isArray(field) ? field : [field])
    .flatMap(a => a.value.map(v => (v.address ?? '').toLowerCase()))
  return {
    file: '', raw, messageId: parsed.messageId ?? '', subject: parsed.subject ?? '',
    replyTo: parsed.replyTo?.value[0]?.address ?? null, from: parsed.from?.value[0]?.address ?? '',
    to: addresses(parsed.to), inReplyTo: parsed.inReplyTo ?? null,
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'), date: parsed.date ?? new Date(),
  }
}

/** The Message-ID of a desk mail: `<receiptNo.kind.uuid@domain>` (nodemailer folds the header). */
const isMailOf = (receiptNo: string, kind: string) => (raw: string) => new RegExp(`^Message-ID:\\s*<${receiptNo}\\.${kind}\\.`, 'im').test(raw)

describe('the desk over a real mail stack: Postfix out, Dovecot in (SMTP → LMTP → IMAP)', function () {
  this.timeout(180_000)
  let stack: MailStack

  before(async () => {
    stack = await MailStack.start()
  })
  after(async () => {
    await stack?.stop()
  })

  it('a query mail reaches the office, its reply reaches the desk, and nss daemon --once amends the application and mails the new receipt', async () => {
    const desk = seededDesk()
    const mail = {NSS_SMTP_URL: stack.smtpUrl, NSS_IMAP_URL: stack.imapUrl('nss'), NODE_EXTRA_CA_CERTS: stack.env.NODE_EXTRA_CA_CERTS}

    // The office applies, the reviewer asks: both mails leave through Postfix at once.
    const applied = ok(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: {...desk.office, ...mail}}), 'apply')
    const receiptNo: string = applied.receiptNo
    ok(nss(['review', receiptNo, '--query', SEED_NOTICE, '--json'], {env: {...desk.reviewer, ...mail}}), 'review --query')
    const outbox = ok(nss(['mail', 'outbox', '--json'], {env: {...desk.ops, ...mail}}), 'mail outbox').mails
    expect(outbox.map((m: any) => [m.kind, m.status])).to.have.deep.members([['receipt', 'sent'], ['query', 'sent']])

    // The office reads the query mail from its own IMAP mailbox (taro@example.jp → user taro).
    const query = await sentMailOf(await stack.waitForMessage('taro', isMailOf(receiptNo, 'query')))
    expect(query.replyTo, 'the signed reply address').to.match(new RegExp(`^nss\\+${receiptNo}\\.[^@]+@nss-desk\\.localhost$`))
    expect(query.text).to.include(SEED_NOTICE)

    // It replies to the Reply-To through Postfix, with the form edited: the reply lands in the desk's mailbox.
    const form = editForm(formOf(query.text), {
      操作: '修正',
      備考: 'ご指摘に従い、1ANACは全IDの初期化を申し込みます',
      '[1ANAC] パスワード初期化': 'A0A, A0B, A01, A02, A03',
      '[1ANAC] パスワード初期化の希望理由': '担当者の異動のため全IDを初期化',
    })
    const reply = buildReply(query, {client: 'gmail', charset: 'iso-2022-jp', body: `お世話になっております。\n下記のとおり修正します。\n\n${form}`})
    const replyId = /^Message-ID: (<[^>]+>)/im.exec(reply.toString('latin1'))![1]
    const smtp = nodemailer.createTransport({host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true})
    try {
      await smtp.sendMail({envelope: {from: CONTACT, to: [query.replyTo!]}, raw: reply})
    } finally {
      smtp.close()
    }
    await stack.waitForMessage('nss', raw => raw.includes(replyId))

    // One daemon cycle reads it over IMAP and acts.
    const run = ok(nss(['daemon', '--once', '--json'], {env: {...desk.ops, ...mail}}), 'daemon --once')
    const replies = run.lastCycle.inbound.filter((r: any) => r.receiptNo === receiptNo)
    expect(replies.map((r: any) => r.outcome), run.stderr).to.deep.equal(['amended'])
    const newReceiptNo: string = replies[0].newReceiptNo
    expect(newReceiptNo).to.match(/^\d{7}C$/).and.not.equal(receiptNo)
    expect(replies[0].ref).to.match(/^INBOX:\d+:\d+$/)

    const original = ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect(original.status).to.equal('superseded')
    const amended = ok(nss(['status', newReceiptNo, '--json'], {env: desk.office}), 'status new')
    expect(amended.status).to.equal('received')

    // The reply is marked done in the desk's mailbox: a second cycle reads nothing new.
    const flags = await stack.withClient('nss', async client => {
      const lock = await client.getMailboxLock('INBOX')
      try {
        const [found] = await client.fetchAll({header: {'message-id': replyId}}, {flags: true})
        return found?.flags
      } finally {
        lock.release()
      }
    })
    expect(flags?.has('$NssDone')).to.equal(true)
    const again = ok(nss(['daemon', '--once', '--json'], {env: {...desk.ops, ...mail}}), 'second daemon --once')
    expect(again.lastCycle.inbound).to.deep.equal([])

    // The receipt mail of the new number reaches the office's mailbox through Postfix.
    const receipt = await sentMailOf(await stack.waitForMessage('taro', isMailOf(newReceiptNo, 'receipt')))
    expect(receipt.subject).to.include(`【${newReceiptNo}】`)
    expect(receipt.to).to.include(CONTACT)
  })
})
