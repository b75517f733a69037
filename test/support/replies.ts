/**
 * Hand-made replies to the desk's query mail, in the shapes Japanese offices send them (SPEC §11 step 5):
 * Gmail, Outlook, Thunderbird and the iPhone's Mail, each with its own attribution or header block and
 * quoting, in ISO-2022-JP, Shift_JIS (CP932), UTF-8 (base64 or quoted-printable) or as HTML only.
 *
 * Every reply is built from the real query mail in the desk's spool folder ($NSS_HOME/mail/outbox), so
 * its To (the signed Reply-To), In-Reply-To, subject and reply form are the real ones; a test changes
 * only what a person would. The messages are then delivered into the desk's Maildir
 * ($NSS_HOME/mail/inbox/new, RFC-style tmp/ → new/ rename) for `nss daemon --once` to read.
 */
import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as iconv from 'iconv-lite'
import {simpleParser} from 'mailparser'
import {CliResult, EXAMPLES, nss} from './cli'

/** A mail the desk sent, read back from the spool folder. */
export interface SentMail {
  file: string
  raw: Buffer
  messageId: string
  subject: string
  /** The signed reply address (query mails), else null. */
  replyTo: string | null
  from: string
  to: string[]
  inReplyTo: string | null
  text: string
  date: Date
}

/** The spool folder of a desk home. */
export function spoolDir(home: string): string {
  return path.join(home, 'mail', 'outbox')
}

/** A message the desk sent, read back with mailparser as the office's mail client reads it. */
export async function parseSentMail(raw: Buffer, file = ''): Promise<SentMail> {
  const parsed = await simpleParser(raw)
  const list = (field: typeof parsed.to) => (field === undefined ? [] : Array.isArray(field) ? field : [field])
    .flatMap(a => a.value.map(v => (v.address ?? '').toLowerCase()))
  return {
    file, raw,
    messageId: parsed.messageId ?? '',
    subject: parsed.subject ?? '',
    replyTo: parsed.replyTo?.value[0]?.address ?? null,
    from: parsed.from?.value[0]?.address ?? '',
    to: list(parsed.to),
    inReplyTo: parsed.inReplyTo ?? null,
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    date: parsed.date ?? new Date(0),
  }
}

/** Every mail in a desk's spool folder, read back with mailparser, oldest file first. */
export async function readSpool(home: string): Promise<SentMail[]> {
  const dir = spoolDir(home)
  if (!fs.existsSync(dir)) return []
  const files = fs.readdirSync(dir).filter(name => name.endsWith('.eml') && !name.startsWith('.'))
  const mails = await Promise.all(files.map(async name => {
    const file = path.join(dir, name)
    return {...await parseSentMail(fs.readFileSync(file), file), mtime: fs.statSync(file).mtimeMs}
  }))
  return mails.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file)).map(({mtime: _mtime, ...mail}) => mail)
}

/** The mails of one kind about one receipt number (the Message-ID is `<receiptNo.kind.uuid@domain>`). */
export async function sentMailsOf(home: string, receiptNo: string, kind: string): Promise<SentMail[]> {
  return (await readSpool(home)).filter(m => m.messageId.startsWith(`<${receiptNo}.${kind}.`))
}

/** The query mail (確認依頼メール) of an application, as the office received it. */
export async function readQueryMail(home: string, receiptNo: string): Promise<SentMail> {
  const [query] = await sentMailsOf(home, receiptNo, 'query')
  if (!query) throw new Error(`no query mail for ${receiptNo} in ${spoolDir(home)}`)
  if (!query.replyTo) throw new Error(`the query mail for ${receiptNo} has no Reply-To`)
  return query
}

// ---------------------------------------------------------------------------------------------------
// The reply form inside a mail's text.

const FORM_BEGIN = /^-{3,}\s*(?:ここから返信フォーム|BEGIN REPLY FORM)\s*-{3,}$/
const FORM_END = /^-{3,}\s*(?:ここまで返信フォーム|END REPLY FORM)\s*-{3,}$/

/** The reply form block of a mail's text, marker lines included. */
export function formOf(text: string): string {
  const lines = text.split('\n')
  const begin = lines.findIndex(l => FORM_BEGIN.test(l.trim()))
  const end = lines.findIndex((l, i) => i > begin && FORM_END.test(l.trim()))
  if (begin < 0 || end < 0) throw new Error('no reply form in the text')
  return lines.slice(begin, end + 1).join('\n')
}

/**
 * The form with some lines' values changed, as an office edits it: `{操作: '修正', 備考: '…'}`. A label
 * the form does not have is added before the end marker (`[1ANAC] 削除: する`); a value of null
 * deletes the line.
 */
export function editForm(form: string, edits: Record<string, string | null>): string {
  const lines = form.split('\n')
  for (const [label, value] of Object.entries(edits)) {
    const index = lines.findIndex(l => l.startsWith(`${label}:`))
    if (index >= 0) {
      if (value === null) lines.splice(index, 1)
      else lines[index] = `${label}: ${value}`
    } else if (value !== null) {
      lines.splice(lines.length - 1, 0, `${label}: ${value}`)
    }
  }
  return lines.join('\n')
}

/** The query mail's text with its form replaced by `form` (an office editing the form inside the quote). */
export function withForm(text: string, form: string): string {
  return text.replace(formOf(text), form)
}

// ---------------------------------------------------------------------------------------------------
// Charsets and transfer encodings.

/**
 * ISO-2022-JP (RFC 1468): ASCII, and JIS X 0208 between ESC $ B and ESC ( B. iconv-lite cannot encode
 * it, so each character is encoded as EUC-JP, whose two bytes are JIS X 0208 with the high bit set.
 * Every line returns to ASCII before it ends, as RFC 1468 asks. Half-width katakana and JIS X 0212 have
 * no place in ISO-2022-JP and are refused, like a character EUC-JP does not have.
 */
export function encodeIso2022Jp(text: string): Buffer {
  const ESC_KANJI = Buffer.from([0x1b, 0x24, 0x42])
  const ESC_ASCII = Buffer.from([0x1b, 0x28, 0x42])
  const out: Buffer[] = []
  let isKanji = false
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code < 0x80) {
      if (isKanji) out.push(ESC_ASCII)
      isKanji = false
      out.push(Buffer.from([code]))
      continue
    }
    const euc = iconv.encode(char, 'EUC-JP')
    if (euc.length !== 2 || euc[0] < 0xa1 || euc[1] < 0xa1) throw new Error(`${char} (U+${code.toString(16)}) is not in ISO-2022-JP`)
    if (!isKanji) out.push(ESC_KANJI)
    isKanji = true
    out.push(Buffer.from([euc[0] & 0x7f, euc[1] & 0x7f]))
  }
  if (isKanji) out.push(ESC_ASCII)
  return Buffer.concat(out)
}

/** The body charsets of the replies. */
export type ReplyCharset = 'iso-2022-jp' | 'shift_jis' | 'utf-8-base64' | 'utf-8-qp'

/** Text in a charset, lines ending in CRLF (RFC 2046 §4.1.1: canonical form). */
function encodeText(text: string, charset: ReplyCharset): Buffer {
  const lines = text.replace(/\r?\n/g, '\n').split('\n')
  const encoded = lines.map(line => {
    if (charset === 'iso-2022-jp') return encodeIso2022Jp(line)
    if (charset === 'shift_jis') {
      const bytes = iconv.encode(line, 'CP932')
      if (iconv.decode(bytes, 'CP932') !== line) throw new Error(`not in Shift_JIS (CP932): ${line}`)
      return bytes
    }
    return Buffer.from(line, 'utf8')
  })
  return Buffer.concat(encoded.flatMap((line, i) => (i === 0 ? [line] : [Buffer.from('\r\n'), line])))
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
}

/** Quoted-printable (RFC 2045 §6.7): CRLF kept as line breaks, soft breaks keep lines within 76 characters. */
export function encodeQuotedPrintable(bytes: Buffer): string {
  const out: string[] = []
  for (const line of bytes.toString('latin1').split('\r\n')) {
    let encoded = ''
    const chars = [...Buffer.from(line, 'latin1')].map((byte, i, all) => {
      const isTrailingSpace = (byte === 0x20 || byte === 0x09) && i === all.length - 1
      return byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x09) || isTrailingSpace
        ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte)
    })
    let width = 0
    for (const piece of chars) {
      if (width + piece.length > 75) {
        encoded += '=\r\n'
        width = 0
      }
      encoded += piece
      width += piece.length
    }
    out.push(encoded)
  }
  return out.join('\r\n')
}

const CHARSET_LABEL: Record<ReplyCharset, string> = {
  'iso-2022-jp': 'ISO-2022-JP', shift_jis: 'Shift_JIS', 'utf-8-base64': 'UTF-8', 'utf-8-qp': 'UTF-8',
}

/** A header value as RFC 2047 encoded words in the message's charset (B encoding), ASCII left as it is. */
export function encodeWords(text: string, charset: ReplyCharset): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text
  const label = CHARSET_LABEL[charset]
  const encode = (chunk: string) => charset === 'iso-2022-jp' ? encodeIso2022Jp(chunk)
    : charset === 'shift_jis' ? iconv.encode(chunk, 'CP932') : Buffer.from(chunk, 'utf8')
  // Encoded words of at most 75 characters (RFC 2047 §2): split the text into short chunks, each
  // self-contained (an ISO-2022-JP chunk returns to ASCII at its end).
  const chars = [...text]
  const words: string[] = []
  for (let i = 0; i < chars.length; i += 10) words.push(`=?${label}?B?${encode(chars.slice(i, i + 10).join('')).toString('base64')}?=`)
  return words.join('\r\n ')
}

/** A single-part body: its Content-Type parameters and transfer encoding, and the encoded text. */
function textPart(text: string, charset: ReplyCharset, subtype: 'plain' | 'html', flowed = false): {headers: string[]; body: string} {
  const bytes = encodeText(text, charset)
  const type = `Content-Type: text/${subtype}; charset="${CHARSET_LABEL[charset]}"${flowed ? '; format=flowed; delsp=yes' : ''}`
  switch (charset) {
    case 'iso-2022-jp': return {headers: [type, 'Content-Transfer-Encoding: 7bit'], body: bytes.toString('latin1')}
    case 'shift_jis': return {headers: [type, 'Content-Transfer-Encoding: 8bit'], body: bytes.toString('latin1')}
    case 'utf-8-base64': return {headers: [type, 'Content-Transfer-Encoding: base64'], body: base64Lines(bytes)}
    case 'utf-8-qp': return {headers: [type, 'Content-Transfer-Encoding: quoted-printable'], body: encodeQuotedPrintable(bytes)}
  }
}

// ---------------------------------------------------------------------------------------------------
// The clients.

/** The mail clients whose reply shapes are built. */
export type ReplyClient = 'gmail' | 'outlook' | 'thunderbird' | 'iphone'

/** A reply, as an office writes it. */
export interface ReplyOptions {
  client: ReplyClient
  charset: ReplyCharset
  /** HTML only, no text/plain part (Outlook and webmail set to HTML, some iPhone replies). */
  htmlOnly?: boolean
  /** The sender's address; by default the query mail's first recipient (the contact person). */
  from?: string
  fromName?: string
  /** The recipient; by default the query mail's signed Reply-To, as a reply button does. */
  to?: string
  /** What the office writes above the quote (may contain a copy of the form). */
  body: string
  /** The query mail's text with the office's edits (a form edited inside the quote); by default the text unchanged. */
  quotedText?: string
  messageId?: string
  date?: Date
  /** Extra header lines, e.g. `Auto-Submitted: auto-replied`. */
  headers?: string[]
  /** Leave In-Reply-To and References out (a new mail rather than a reply). */
  isUnthreaded?: boolean
  subject?: string
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土']

/** Date and time parts in Japan (the clients write the quote header in local time). */
function tokyoParts(date: Date) {
  const t = new Date(date.getTime() + 9 * 3600_000)
  return {
    year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: WEEKDAYS_JA[t.getUTCDay()],
    hour: t.getUTCHours(), minute: String(t.getUTCMinutes()).padStart(2, '0'),
  }
}

/** The attribution or header block a client writes above the quoted mail. */
function attribution(client: ReplyClient, original: SentMail, recipient: string): string[] {
  const d = tokyoParts(original.date)
  const fromName = 'NACCSセンター'
  switch (client) {
    case 'gmail':
      // Gmail ja: 2026年11月26日(木) 13:15 NACCSセンター <nss@…>:
      return [`${d.year}年${d.month}月${d.day}日(${d.weekday}) ${d.hour}:${d.minute} ${fromName} <${original.from}>:`, '']
    case 'thunderbird':
      // Thunderbird ja: 2026/11/26 13:15 に NACCSセンター さんは書きました:
      return [`${d.year}/${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')} ${d.hour}:${d.minute} に ${fromName} さんは書きました:`]
    case 'iphone':
      // iPhone ja: 2026/11/26 13:15、NACCSセンター <nss@…>のメール:
      return [`${d.year}/${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')} ${d.hour}:${d.minute}、${fromName} <${original.from}>のメール:`, '']
    case 'outlook':
      // Outlook ja: a rule line and the 差出人 / 送信日時 / 宛先 / 件名 block, the original unquoted below it.
      return [
        '________________________________',
        `差出人: ${fromName} <${original.from}>`,
        `送信日時: ${d.year}年${d.month}月${d.day}日 ${d.hour}:${d.minute}`,
        `宛先: ${recipient}`,
        `件名: ${original.subject}`,
        '',
      ]
  }
}

/** The new text, the attribution and the quoted original, as the client lays them out in plain text. */
function plainReply(options: ReplyOptions, original: SentMail, sender: string): string {
  const quoted = (options.quotedText ?? original.text).replace(/\n+$/, '')
  const signature = options.client === 'iphone' ? ['', 'iPhoneから送信'] : options.client === 'gmail' ? [] : ['', '-- ', `${options.fromName ?? '通関 太郎'}`]
  const quote = options.client === 'outlook'
    ? quoted.split('\n')
    : quoted.split('\n').map(line => (line === '' ? '>' : `> ${line}`))
  return [options.body.replace(/\n+$/, ''), ...signature, '', ...attribution(options.client, original, sender), ...quote, ''].join('\n')
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function htmlLines(text: string): string {
  return text.replace(/\n+$/, '').split('\n').map(line => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`).join('\n')
}

/** The same reply as HTML: each client's quoting markup (Gmail's gmail_quote, Outlook's divRplyFwdMsg, <blockquote type="cite">). */
function htmlReply(options: ReplyOptions, original: SentMail, sender: string): string {
  const quoted = options.quotedText ?? original.text
  const head = attribution(options.client, original, sender).filter(Boolean)
  const body = htmlLines(options.body)
  switch (options.client) {
    case 'gmail':
      return `<div dir="ltr">${body}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(head[0])}<br></div>` +
        `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${htmlLines(quoted)}</blockquote></div>\n`
    case 'outlook':
      return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p{margin:0}</style></head><body>` +
        `<div style="font-family:游ゴシック">${body}</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%">` +
        `<div id="divRplyFwdMsg" dir="ltr">${head.slice(1).map(l => {
          const [label, ...rest] = l.split(': ')
          return `<b>${escapeHtml(label)}:</b> ${escapeHtml(rest.join(': '))}<br>`
        }).join('')}</div><div>${htmlLines(quoted)}</div></body></html>\n`
    case 'thunderbird':
    case 'iphone':
      return `<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head><body>${body}` +
        `${options.client === 'iphone' ? '<div><br></div><div>iPhoneから送信</div>' : ''}<div class="moz-cite-prefix">${escapeHtml(head[0])}<br></div>` +
        `<blockquote type="cite">${htmlLines(quoted)}</blockquote></body></html>\n`
  }
}

const USER_AGENTS: Record<ReplyClient, string[]> = {
  gmail: [],
  outlook: ['X-Mailer: Microsoft Outlook 16.0', 'Thread-Index: AQHbXz1f2Yb0q9yZ0kSb3JwQx4u7Ag=='],
  thunderbird: ['User-Agent: Mozilla Thunderbird'],
  iphone: ['X-Mailer: iPhone Mail (21G93)'],
}

/** A fresh Message-ID at the sender's domain. */
export function newMessageId(sender: string): string {
  return `<${randomBytes(8).toString('hex')}.${Date.now()}@${sender.split('@')[1] ?? 'example.jp'}>`
}

/**
 * A reply to `original` as an RFC 5322 message (CRLF), in the client's shape: the new text, the
 * client's attribution and quote, in the chosen charset; multipart/alternative with an HTML part the
 * way each client sends it (Gmail, Outlook, iPhone), or HTML only.
 */
export function buildReply(original: SentMail, options: ReplyOptions): Buffer {
  const sender = options.from ?? original.to[0]
  const name = options.fromName ?? '通関 太郎'
  const recipient = options.to ?? original.replyTo ?? original.from
  const subject = options.subject ?? (options.client === 'outlook' ? `RE: ${original.subject}` : `Re: ${original.subject}`)
  const date = options.date ?? new Date()
  const headers = [
    `From: ${encodeWords(name, options.charset)} <${sender}>`,
    `To: ${recipient}`,
    `Subject: ${encodeWords(subject, options.charset)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${options.messageId ?? newMessageId(sender)}`,
    ...(options.isUnthreaded ? [] : [`In-Reply-To: ${original.messageId}`, `References: ${original.messageId}`]),
    'MIME-Version: 1.0',
    ...USER_AGENTS[options.client],
    ...(options.headers ?? []),
  ]
  const plain = plainReply(options, original, sender)
  const html = htmlReply(options, original, sender)
  // The HTML part is sent in the message's charset too (Outlook and iPhone Mail do; Gmail sends UTF-8 anyway).
  const htmlCharset = options.charset
  let entity: string
  if (options.htmlOnly) {
    const part = textPart(html, htmlCharset, 'html')
    entity = [...part.headers, '', part.body].join('\r\n')
  } else if (options.client === 'thunderbird') {
    // Thunderbird's default: plain text only, format=flowed (RFC 3676) when in UTF-8.
    const part = textPart(plain, options.charset, 'plain', options.charset.startsWith('utf-8'))
    entity = [...part.headers, '', part.body].join('\r\n')
  } else {
    const boundary = `----=_Part_${randomBytes(6).toString('hex')}`
    const text = textPart(plain, options.charset, 'plain')
    const rich = textPart(html, htmlCharset, 'html')
    entity = [
      `Content-Type: multipart/alternative; boundary="${boundary}"`, '',
      `--${boundary}`, ...text.headers, '', text.body,
      `--${boundary}`, ...rich.headers, '', rich.body,
      `--${boundary}--`, '',
    ].join('\r\n')
  }
  return Buffer.from(`${headers.join('\r\n')}\r\n${entity}`, 'latin1')
}

// ---------------------------------------------------------------------------------------------------
// Delivery into the desk's Maildir.

/** The Maildir the desk reads: $NSS_HOME/mail/inbox. */
export function inboxOf(home: string): string {
  return path.join(home, 'mail', 'inbox')
}

let deliveries = 0

/**
 * Delivers a message into the desk's Maildir as an MTA does: written in `tmp/`, renamed into `new/`.
 * Returns the file name (the message's reference in the source). Default names sort in delivery order
 * (time, then a counter), so that messages delivered within one clock tick are read in that order too.
 */
export function deliverToMaildir(
  home: string, raw: Buffer | string, name = `${Date.now()}.${String(++deliveries).padStart(6, '0')}.${randomBytes(4).toString('hex')}.test`,
): string {
  const root = inboxOf(home)
  for (const dir of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(root, dir), {recursive: true})
  fs.writeFileSync(path.join(root, 'tmp', name), raw)
  fs.renameSync(path.join(root, 'tmp', name), path.join(root, 'new', name))
  return name
}

/** The files of `new/` and `cur/` in the desk's Maildir. */
export function maildirState(home: string): {fresh: string[]; done: string[]} {
  const list = (dir: string) => fs.existsSync(path.join(inboxOf(home), dir)) ? fs.readdirSync(path.join(inboxOf(home), dir)).sort() : []
  return {fresh: list('new'), done: list('cur')}
}

// ---------------------------------------------------------------------------------------------------
// Applications under query, through the CLI.

/** The seed's query notice (the review check's refusal). */
export const SEED_NOTICE = 'こちらのパスワード初期化は承る事が出来ません。'

/**
 * Applies with the example application as office NACCS01 and has reviewer r.sato ask about it (SPEC
 * §4: received → query), through the CLI, which delivers the query mail into the spool at once.
 * Returns the receipt number.
 */
export function applyAndQuery(desk: {office: Record<string, string>; reviewer: Record<string, string>}): string {
  const applied = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office})
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}): ${applied.stdout}${applied.stderr}`)
  const receiptNo = applied.json.receiptNo as string
  const queried = nss(['review', receiptNo, '--query', SEED_NOTICE, '--json'], {env: desk.reviewer})
  if (queried.code !== 0) throw new Error(`review --query failed (${queried.code}): ${queried.stdout}${queried.stderr}`)
  return receiptNo
}

/** `nss daemon --once --json` over a desk home; throws unless it exits 0. */
export function daemonOnce(home: string, env: Record<string, string> = {}): CliResult {
  const result = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: home, ...env}})
  if (result.code !== 0) throw new Error(`nss daemon --once failed (${result.code}): ${result.stdout}${result.stderr}`)
  return result
}

/** `nss status RECEIPT --json` as the office NACCS01. */
export function statusOf(desk: {office: Record<string, string>}, receiptNo: string): any {
  const result = nss(['status', receiptNo, '--json'], {env: desk.office})
  if (result.code !== 0) throw new Error(`status ${receiptNo} failed (${result.code}): ${result.stdout}${result.stderr}`)
  return result.json
}

/** A Postfix-style delivery report (RFC 3464 in RFC 6522 multipart/report) about a mail to taro@example.jp. */
export function deliveryReport(options: {to: string; returnedHeaders: string}): string {
  const boundary = 'B7C1A2D3.1732590000/mx.example.jp'
  return [
    'Return-Path: <>',
    'From: MAILER-DAEMON@mx.example.jp (Mail Delivery System)',
    `To: ${options.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${newMessageId('mx.example.jp')}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.jp.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    '<taro@example.jp>: host mx.example.jp said: 550 5.1.1 <taro@example.jp>: Recipient',
    '    address rejected: User unknown in local recipient table',
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.jp',
    '',
    'Final-Recipient: rfc822; taro@example.jp',
    'Original-Recipient: rfc822;taro@example.jp',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <taro@example.jp>: Recipient address rejected: User unknown',
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    options.returnedHeaders,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n')
}
