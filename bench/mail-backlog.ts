/**
 * The mail of the daemon's sections (issue 6 parts 4–5): applications under query made in this process
 * through the use cases (as `nss apply` and `nss review --query` make them, without a CLI start-up
 * each), their mails captured as the desk sends them, and real replies to the real query mails, built
 * the way offices' mail clients build them (test/support/replies.ts): amendments through the reply
 * form and withdrawals, from Gmail, Outlook, Thunderbird and iPhone Mail, in ISO-2022-JP, Shift_JIS
 * and UTF-8, some HTML only.
 */
import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {applyForSettings} from '../src/app/apply.use-case'
import {loadConfig} from '../src/app/config'
import {openContext} from '../src/app/context'
import {deliverOutbox} from '../src/app/deliver-outbox.use-case'
import {queryApplication} from '../src/app/review.use-case'
import type {ComposedMessage} from '../src/mail/outbound/message'
import type {MailTransport, SendOutcome} from '../src/mail/outbound/transports/transport'
import {
  buildReply, editForm, formOf, parseSentMail, ReplyCharset, ReplyClient, SEED_NOTICE, SentMail, withForm,
} from '../test/support/replies'
import {exampleApplication} from './section'

/** Hands each message a delivery run sends to `keep`, instead of a server or the spool folder. */
class CapturingTransport implements MailTransport {
  readonly description = 'bench capture'

  constructor(private readonly keep: (message: ComposedMessage) => Promise<void>) {}

  async send(message: ComposedMessage): Promise<SendOutcome> {
    await this.keep(message)
    return {accepted: [...message.envelope.to], rejected: [], response: 'captured by the bench'}
  }

  async close(): Promise<void> {}
}

/** Applications per transaction batch: their mails are delivered (captured) after each batch. */
const BATCH = 250

/**
 * `count` applications of office NACCS01 (examples/application.json), each queried by reviewer r.sato
 * with the seed's notice, through the use cases in this process. Their receipt and query mails are
 * delivered batch by batch to `keep` (the bytes and envelope a server would get), so a large count
 * never holds every message. The desk must have been prepared (`prepareDesk`). Returns the receipt
 * numbers in order.
 */
export async function applicationsUnderQuery(
  home: string, count: number, keep: (message: ComposedMessage) => Promise<void>,
): Promise<string[]> {
  const example = exampleApplication()
  const ctx = await openContext({config: loadConfig({NSS_HOME: home})})
  const transport = new CapturingTransport(keep)
  const receiptNos: string[] = []
  try {
    for (let start = 0; start < count; start += BATCH) {
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const {receiptNo} = await applyForSettings(ctx, {kind: 'office', code: 'NACCS01'}, example)
        await queryApplication(ctx, {kind: 'reviewer', id: 'r.sato'}, receiptNo, SEED_NOTICE)
        receiptNos.push(receiptNo)
      }
      const delivered = await deliverOutbox(ctx, {}, {transport})
      if (delivered.failed > 0 || delivered.pending > 0) throw new Error(`the bench could not capture the outbox: ${JSON.stringify(delivered.mails.find(m => m.error))}`)
    }
    return receiptNos
  } finally {
    await ctx.store.close()
  }
}

/** Whether a captured message is a query mail (確認依頼メール): its Message-ID is `<receiptNo.query.uuid@domain>`. */
export function isQueryMail(message: ComposedMessage): boolean {
  return /^<\d{7}C\.query\./.test(message.messageId)
}

/** The seed's amendment (examples/amend.json) as lines of the reply form. */
const SEED_AMENDMENT = {
  操作: '修正',
  備考: 'ご指摘に従い、1ANACは全IDの初期化を申し込みます',
  '[1ANAC] パスワード初期化': 'A0A, A0B, A01, A02, A03',
  '[1ANAC] パスワード初期化の希望理由': '担当者の異動のため全IDを初期化',
}

interface ReplyShape {
  client: ReplyClient
  charset: ReplyCharset
  htmlOnly?: boolean
  /** Amend with the form written above the quote or edited inside it, or withdraw by the first line. */
  action: 'amend above' | 'amend inside' | 'withdraw'
}

/** The shapes replies take, in turn: the clients and charsets of test/integration/mail-bot-clients.test.ts. */
const SHAPES: ReplyShape[] = [
  {client: 'gmail', charset: 'utf-8-base64', action: 'amend above'},
  {client: 'outlook', charset: 'iso-2022-jp', action: 'amend inside'},
  {client: 'thunderbird', charset: 'shift_jis', action: 'amend inside'},
  {client: 'iphone', charset: 'iso-2022-jp', action: 'amend above'},
  {client: 'gmail', charset: 'utf-8-qp', htmlOnly: true, action: 'amend inside'},
  {client: 'outlook', charset: 'shift_jis', htmlOnly: true, action: 'amend inside'},
  {client: 'thunderbird', charset: 'utf-8-qp', action: 'amend above'},
  {client: 'gmail', charset: 'utf-8-base64', action: 'amend inside'},
  {client: 'outlook', charset: 'iso-2022-jp', action: 'amend above'},
  {client: 'iphone', charset: 'iso-2022-jp', action: 'withdraw'},
]

/**
 * The office's reply to a query mail, the `index`-th of a backlog: nine in ten amend (the seed's
 * amendment), one withdraws; each is answered by one mail (the new receipt mail, or the withdrawal
 * mail), so n replies cause n sends.
 */
export async function replyToQuery(query: ComposedMessage, index: number): Promise<Buffer> {
  const sent: SentMail = await parseSentMail(query.raw)
  const shape = SHAPES[index % SHAPES.length]
  if (shape.action === 'withdraw') {
    return buildReply(sent, {client: shape.client, charset: shape.charset, htmlOnly: shape.htmlOnly, body: '取り下げ\n\nお手数をおかけしました。'})
  }
  const edited = editForm(formOf(sent.text), SEED_AMENDMENT)
  const isAbove = shape.action === 'amend above'
  return buildReply(sent, {
    client: shape.client, charset: shape.charset, htmlOnly: shape.htmlOnly,
    body: isAbove ? `お世話になっております。\n下記のとおり修正します。\n\n${edited}\n\nよろしくお願いいたします。` : 'お世話になっております。\n引用部分の返信フォームを修正しました。\nよろしくお願いいたします。',
    quotedText: isAbove ? undefined : withForm(sent.text, edited),
  })
}

/**
 * A reply of about `bytes` bytes: the office's reply to a query mail with a scanned document attached
 * (application/pdf, base64), written to `file` a megabyte at a time so the bench never holds it whole.
 */
export async function writeLargeReply(query: ComposedMessage, bytes: number, file: string): Promise<void> {
  const reply = (await replyToQuery(query, 0)).toString('latin1')
  // buildReply writes the header fields, then the body entity from its Content-Type on.
  const entityStart = reply.indexOf('\r\nContent-Type: ') + 2
  const boundary = `----=_Mixed_${randomBytes(6).toString('hex')}`
  const out = fs.openSync(file, 'w')
  try {
    fs.writeSync(out, `${reply.slice(0, entityStart)}Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\n${reply.slice(entityStart).replace(/(\r\n)*$/, '')}\r\n--${boundary}\r\n` +
      'Content-Type: application/pdf; name="scan.pdf"\r\nContent-Disposition: attachment; filename="scan.pdf"\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n', null, 'latin1')
    // 57 bytes of data per 76-character base64 line (RFC 2045 §6.8).
    const lines = (randomBytes(57 * 18_000).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
    let written = fs.fstatSync(out).size
    while (written < bytes) {
      fs.writeSync(out, `${lines}\r\n`, null, 'latin1')
      written += lines.length + 2
    }
    fs.writeSync(out, `--${boundary}--\r\n`, null, 'latin1')
  } finally {
    fs.closeSync(out)
  }
}

/** Messages in a folder (`new/` of a Maildir), without reading them. */
export function countFiles(dir: string): number {
  let count = 0
  for (const name of fs.readdirSync(dir)) if (!name.startsWith('.')) count++
  return count
}

/** The name of the `index`-th message delivered into a Maildir: names sort in delivery order. */
function maildirName(index: number): string {
  return `${1_700_000_000 + index}.M${index}P${process.pid}.bench`
}

/** Delivers a message into a Maildir as an MTA does: written in `tmp/`, renamed into `new/`. */
export function deliverToMaildir(root: string, raw: Buffer, index: number): void {
  const name = maildirName(index)
  fs.writeFileSync(path.join(root, 'tmp', name), raw)
  fs.renameSync(path.join(root, 'tmp', name), path.join(root, 'new', name))
}

/** The same for a message written by `write` into the temporary file it is given (large messages). */
export async function deliverWrittenToMaildir(root: string, index: number, write: (file: string) => Promise<void>): Promise<void> {
  const name = maildirName(index)
  await write(path.join(root, 'tmp', name))
  fs.renameSync(path.join(root, 'tmp', name), path.join(root, 'new', name))
}
