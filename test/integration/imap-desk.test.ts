/**
 * The seed's whole procedure (000_bc7b637685dc47c2.txt) through real servers (issue 5): the desk
 * configured with NSS_SMTP_URL (Postfix) and NSS_IMAP_URL (Dovecot) of the private mail stack, every
 * mail crossing SMTP → LMTP → IMAP and read back from the mailbox it reached. The office applies and
 * the 受付完了メール reaches it and the administrator; the reviewer asks and the 確認依頼メール reaches
 * it; the office replies from its mail client (ISO-2022-JP, the reply form edited) to the signed
 * Reply-To through Postfix; `nss daemon --once` reads the reply over IMAP, amends the application under
 * a new receipt number, marks the reply done ($NssDone) and sends the new 受付完了メール; the reviewer
 * completes and the 確認完了メール arrives without any password; the office views the issued passwords
 * within their window and is refused after it. And a real bounce: Postfix returns a mail to an unknown
 * user to the mail's signed VERP address, which marks its outbox row bounced, while a forged report
 * that only quotes a Message-ID marks nothing.
 */
import {expect} from 'chai'
import {simpleParser} from 'mailparser'
import * as nodemailer from 'nodemailer'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk, writeJsonFile} from '../support/cli'
import {MailStack} from '../support/mailstack'
import {buildReply, editForm, formOf, newMessageId, SEED_NOTICE, SentMail} from '../support/replies'

const CONTACT = 'taro@example.jp'
const ADMIN = 'admin@example.jp'
const NACCS_PASSWORD = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8}$/

/** 2026年11月26日 for an ISO instant, in Japan (the mails' 申込受付年月日). */
function japaneseDateOf(iso: string): string {
  const [y, m, d] = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

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

let stack: MailStack

/** Sends a raw message through the stack's Postfix with the given envelope (an empty sender is `<>`). */
async function sendThroughPostfix(from: string, to: string, raw: Buffer): Promise<void> {
  const smtp = nodemailer.createTransport({host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true})
  try {
    await smtp.sendMail({envelope: {from, to: [to]}, raw})
  } finally {
    smtp.close()
  }
}

/** Every message in a user's INBOX, raw. */
function allMessages(user: string): Promise<Buffer[]> {
  return stack.withClient(user, async client => {
    const lock = await client.getMailboxLock('INBOX')
    try {
      const found: Buffer[] = []
      for await (const message of client.fetch('1:*', {source: true})) if (message.source) found.push(message.source)
      return found
    } finally {
      lock.release()
    }
  })
}

describe('the desk over a real mail stack: Postfix out, Dovecot in (SMTP → LMTP → IMAP)', function () {
  this.timeout(180_000)

  before(async () => {
    stack = await MailStack.start()
  })
  after(async () => {
    await stack?.stop()
  })

  it('walks the seed over the stack: receipt, query, a reply read over IMAP that amends, the new receipt, completion without passwords, the passwords within their window only', async () => {
    const desk = seededDesk()
    const mail = {NSS_SMTP_URL: stack.smtpUrl, NSS_IMAP_URL: stack.imapUrl('nss'), NODE_EXTRA_CA_CERTS: stack.env.NODE_EXTRA_CA_CERTS}

    // ① The office applies: the 受付完了メール leaves through Postfix at once, to the contact and the administrator.
    const applied = ok(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: {...desk.office, ...mail}}), 'apply')
    const receiptNo: string = applied.receiptNo
    const submittedDate = japaneseDateOf(ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status').submittedAt)
    const receipt = await sentMailOf(await stack.waitForMessage('taro', isMailOf(receiptNo, 'receipt')))
    expect(receipt.subject).to.equal(`【${receiptNo}】システム設定申込 受付完了のお知らせ`)
    expect(receipt.to).to.have.members([CONTACT, ADMIN])
    expect(receipt.text).to.contain('NACCSのご利用ありがとうございます。\nシステム設定申込の受付が完了しました。')
      .and.contain(`申込受付年月日：${submittedDate}\n申込受付番号：${receiptNo}\n`)
    await stack.waitForMessage('admin', isMailOf(receiptNo, 'receipt'))

    // ② The reviewer asks (the seed's refusal): the 確認依頼メール reaches the office.
    ok(nss(['review', receiptNo, '--query', SEED_NOTICE, '--json'], {env: {...desk.reviewer, ...mail}}), 'review --query')
    const outbox = ok(nss(['mail', 'outbox', '--json'], {env: {...desk.ops, ...mail}}), 'mail outbox').mails
    expect(outbox.map((m: any) => [m.kind, m.status])).to.have.deep.members([['receipt', 'sent'], ['query', 'sent']])
    const query = await sentMailOf(await stack.waitForMessage('taro', isMailOf(receiptNo, 'query')))
    expect(query.replyTo, 'the signed reply address').to.match(new RegExp(`^nss\\+${receiptNo}\\.[^@]+@nss-desk\\.localhost$`))
    expect(query.text).to.contain('NACCSのご利用ありがとうございます。\n申込みいただいた内容について確認事項がございます。')
      .and.contain(`申込受付年月日：${submittedDate}\n申込受付番号：${receiptNo}\n`)
      .and.contain(`■通知内容\n${SEED_NOTICE}\n`)
      .and.contain('通知内容をご確認の上、申込内容の修正、または取り下げを行ってください。')

    // ③ The office replies from its mail client to the Reply-To through Postfix, with the form edited
    // as the seed amends (every ID of 1ANAC): the reply lands in the desk's mailbox.
    const form = editForm(formOf(query.text), {
      操作: '修正',
      備考: 'ご指摘に従い、1ANACは全IDの初期化を申し込みます',
      '[1ANAC] パスワード初期化': 'A0A, A0B, A01, A02, A03',
      '[1ANAC] パスワード初期化の希望理由': '担当者の異動のため全IDを初期化',
    })
    const reply = buildReply(query, {client: 'gmail', charset: 'iso-2022-jp', body: `お世話になっております。\n下記のとおり修正します。\n\n${form}`})
    expect(reply.toString('latin1')).to.contain('Content-Type: text/plain; charset="ISO-2022-JP"')
    const replyId = /^Message-ID: (<[^>]+>)/im.exec(reply.toString('latin1'))![1]
    await sendThroughPostfix(CONTACT, query.replyTo!, reply)
    await stack.waitForMessage('nss', raw => raw.includes(replyId))

    // ④ One daemon cycle reads it over IMAP and amends under a new receipt number.
    const run = ok(nss(['daemon', '--once', '--json'], {env: {...desk.ops, ...mail}}), 'daemon --once')
    const replies = run.lastCycle.inbound.filter((r: any) => r.receiptNo === receiptNo)
    expect(replies.map((r: any) => r.outcome), run.stderr).to.deep.equal(['amended'])
    const newReceiptNo: string = replies[0].newReceiptNo
    expect(newReceiptNo).to.match(/^\d{7}C$/).and.not.equal(receiptNo)
    expect(replies[0].ref).to.match(/^INBOX:\d+:\d+$/)
    const original = ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect([original.status, original.supersededBy]).to.deep.equal(['superseded', newReceiptNo])
    const amended = ok(nss(['status', newReceiptNo, '--json'], {env: desk.office}), 'status new')
    expect([amended.status, amended.supersedes]).to.deep.equal(['received', receiptNo])
    expect(amended.entries.find((e: any) => e.userCode === '1ANAC').passwordReset.ids).to.deep.equal(['A0A', 'A0B', 'A01', 'A02', 'A03'])

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

    // ⑤ The 受付完了メール of the new number reaches the office and names the original.
    const newReceipt = await sentMailOf(await stack.waitForMessage('taro', isMailOf(newReceiptNo, 'receipt')))
    expect(newReceipt.subject).to.equal(`【${newReceiptNo}】システム設定申込 受付完了のお知らせ`)
    expect(newReceipt.to).to.have.members([CONTACT, ADMIN])
    expect(newReceipt.text).to.contain(`本申込は、申込受付番号 ${receiptNo} の申込内容を修正したものです。`)
      .and.contain(`申込受付番号：${newReceiptNo}\n修正元の申込受付番号：${receiptNo}\n`)

    // ⑥ The reviewer completes (審査終了): the 確認完了メール reaches the office and the administrator.
    ok(nss(['review', newReceiptNo, '--complete', '', '--json'], {env: {...desk.reviewer, ...mail}}), 'review --complete')
    const completedView = ok(nss(['status', newReceiptNo, '--json'], {env: desk.office}), 'status completed')
    expect(completedView.status).to.equal('completed')
    const visibleUntil: string = completedView.passwordsVisibleUntil
    expect(visibleUntil).to.match(/^\d{4}-\d{2}-\d{2}$/)
    const [y, m, d] = visibleUntil.split('-').map(Number)
    const completionRaw = await stack.waitForMessage('taro', isMailOf(newReceiptNo, 'completion'))
    const adminCompletionRaw = await stack.waitForMessage('admin', isMailOf(newReceiptNo, 'completion'))
    const completion = await sentMailOf(completionRaw)
    expect(completion.subject).to.equal(`【${newReceiptNo}】システム設定申込 確認完了のお知らせ`)
    expect(completion.to).to.have.members([CONTACT, ADMIN])
    expect(completion.text).to.contain('NACCSのご利用ありがとうございます。\nシステム設定申込内容の確認が完了しました。')
      .and.contain(`申込受付番号：${newReceiptNo}\n`)
      .and.contain(`※今回発行したパスワードの確認可能期間は、本メール受信日から3営業日（${y}年${m}月${d}日(`)
      .and.contain('※再発行したパスワードはそのまま使用せず、必ずNACCSの「利用者情報登録(URY)」業務にて変更してください。')
      .and.contain(`nss status ${newReceiptNo} --passwords`)

    // ⑦ The office views the issued passwords within the window: every ID of 1ANAC, none in any mail.
    const viewed = ok(nss(['status', newReceiptNo, '--passwords', '--json'], {env: desk.office}), 'status --passwords')
    expect(viewed.visibleUntil).to.equal(visibleUntil)
    expect(viewed.passwords.map((p: any) => `${p.userCode}${p.ident}`).sort()).to.deep.equal(['1ANACA01', '1ANACA02', '1ANACA03', '1ANACA0A', '1ANACA0B'])
    const delivered = await Promise.all(['taro', 'admin'].map(user => allMessages(user)))
    const decoded = await Promise.all(delivered.flat().map(async raw => {
      const parsed = await simpleParser(raw)
      return `${raw.toString('latin1')}\n${parsed.subject}\n${parsed.text}\n${parsed.html || ''}`
    }))
    expect(decoded.length, 'each mail reached both mailboxes: 3 receipts/queries and the completion, twice').to.equal(8)
    expect(decoded.some(text => text.includes('確認完了のお知らせ'))).to.equal(true)
    for (const {password} of viewed.passwords) {
      expect(password).to.match(NACCS_PASSWORD)
      for (const text of [...decoded, adminCompletionRaw.toString('latin1')]) expect(text).to.not.contain(password)
    }

    // ⑧ After the window (the next day in Japan, moved there with libfaketime): refused, exit 5, naming its end.
    const nextDay = new Date(Date.UTC(y, m - 1, d + 1) - 9 * 3600_000 + 30_000).toISOString()
    const refused = nss(['status', newReceiptNo, '--passwords', '--json'], {env: desk.office, at: nextDay})
    expect(refused.code, refused.stdout + refused.stderr).to.equal(5)
    expect(refused.json.error.message).to.contain(visibleUntil)
    for (const {password} of viewed.passwords) expect(refused.stdout + refused.stderr).to.not.contain(password)
  })

  it('marks a mail bounced when Postfix returns it to its signed VERP address, and not for a forged report that quotes its Message-ID', async () => {
    const desk = seededDesk()
    const mail = {NSS_SMTP_URL: stack.smtpUrl, NSS_IMAP_URL: stack.imapUrl('nss'), NODE_EXTRA_CA_CERTS: stack.env.NODE_EXTRA_CA_CERTS}
    // A contact the mail stack has no mailbox for: Dovecot refuses it over LMTP, Postfix bounces.
    const application = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    application.contact.email = 'nobody@example.jp'
    const file = writeJsonFile(desk.home, 'unknown-contact.json', application)
    const lost = ok(nss(['apply', '--file', file, '--json'], {env: {...desk.office, ...mail}}), 'apply (unknown contact)').receiptNo
    const kept = ok(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: {...desk.office, ...mail}}), 'apply').receiptNo
    const rows = ok(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'outbox').mails
    const lostRow = rows.find((r: any) => r.receiptNo === lost)
    const keptRow = rows.find((r: any) => r.receiptNo === kept)
    expect([lostRow.status, keptRow.status]).to.deep.equal(['sent', 'sent'])

    const bounce = await stack.waitForMessage('nss', raw => /report-type="?delivery-status/i.test(raw) && raw.includes(lostRow.messageId))
    expect(bounce.toString('latin1'), 'Postfix returned it to the VERP address').to.match(/^To: <?nss\+bounce\.\d+\.[a-z2-7]+@nss-desk\.localhost/im)
    // A forged report about the other mail, to the plain desk address: it quotes a real Message-ID.
    const forged = [
      'From: MAILER-DAEMON@mx.evil.example', 'To: nss@nss-desk.localhost', 'Subject: Undelivered Mail Returned to Sender',
      `Date: ${new Date().toUTCString()}`, `Message-ID: ${newMessageId('mx.evil.example')}`, 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"', '',
      '--r', 'Content-Type: text/plain', '', 'failed', '--r', 'Content-Type: message/delivery-status', '',
      'Reporting-MTA: dns; mx.evil.example', '', 'Final-Recipient: rfc822; taro@example.jp', 'Action: failed', 'Status: 5.1.1', '',
      '--r', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${keptRow.messageId}`, '--r--', '',
    ].join('\r\n')
    await sendThroughPostfix('', 'nss@nss-desk.localhost', Buffer.from(forged))
    await stack.waitForMessage('nss', raw => raw.includes('mx.evil.example') && raw.includes(keptRow.messageId))

    const run = ok(nss(['daemon', '--once', '--json'], {env: {...desk.ops, ...mail}}), 'daemon --once')
    expect(run.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]).sort(), run.stderr)
      .to.deep.equal([['bounce-recorded', lost], ['bounce-unverified', kept]].sort())
    const after = ok(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'outbox').mails
    expect(after.find((r: any) => r.id === lostRow.id)).to.deep.include({status: 'bounced'})
    expect(after.find((r: any) => r.id === lostRow.id).lastError).to.match(/^bounced: 5\.\d\.\d+ nobody@example\.jp$/)
    expect(after.find((r: any) => r.id === keptRow.id).status).to.equal('sent')
  })
})
