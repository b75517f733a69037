/**
 * Turns a rendered outbox row into an RFC 5322 message with the desk's headers (SPEC §10), byte for
 * byte the same on every attempt: the Message-ID and Date were fixed when the row was written, and
 * the MIME boundaries derive from the Message-ID, so a retry after a crash resends the same message.
 * The same bytes go to the spool folder and to SMTP; DKIM signing (RFC 6376), when configured, is
 * applied here so both carry it.
 *
 * nodemailer is loaded only here, when a mail is built (SPEC §14: CLI start-up stays light).
 */
import {createHash} from 'node:crypto'
import type {Readable} from 'node:stream'
import {boundReferences} from '../message-ids'
import {bounceAddressFor, Mailbox, replyAddressFor} from '../reply-address'
import type {MailThreading, ReplyErrorMailData} from './mail-data'
import type {MailSource} from './mail-model'
import type {RenderedMail} from './render'

/** Our own loop marker: the inbound side never answers a mail that carries it (SPEC §11 step 2). */
export const LOOP_HEADER = 'X-NSS-Loop'

/** An outbox row as the message needs it. */
export interface OutboxMail extends MailSource {
  id: number
  recipients: string[]
  /** With angle brackets, fixed when the row was written. */
  messageId: string
}

/** DKIM signing material (the private key read from NSS_DKIM_KEY_FILE). */
export interface DkimSigning {
  domainName: string
  keySelector: string
  privateKey: string
}

/** What every message needs besides its row. */
export interface MessageSettings {
  /** NSS_MAIL_FROM */
  from: string
  /** The desk's mailbox, the base of the reply and bounce addresses. */
  mailbox: Mailbox
  /** The desk's master secret, for the signed addresses. */
  secret: Buffer
  dkim: DkimSigning | null
}

/** A message ready for a transport: the SMTP envelope and the bytes. */
export interface ComposedMessage {
  rowId: number
  messageId: string
  envelope: {from: string; to: string[]}
  raw: Buffer
}

/** Whether a mail of this kind carries the reply form, and so the signed Reply-To (SPEC §10, §11). */
export function carriesReplyForm(mail: Pick<MailSource, 'kind' | 'receiptNo' | 'data'>): boolean {
  if (mail.receiptNo === null) return false
  if (mail.kind === 'query') return true
  // A message from the center while the application is under query: the office may answer it with the form.
  if (mail.kind === 'message') return (mail.data as {status?: unknown}).status === 'query'
  return mail.kind === 'reply-error' && Boolean((mail.data as unknown as ReplyErrorMailData).application)
}

/**
 * The desk's own headers of a row's message:
 * - `Auto-Submitted` (RFC 3834 §5): `auto-generated` for notifications, `auto-replied` for a mail that
 *   answers an inbound mail, so well-behaved responders do not answer us;
 * - `X-Auto-Response-Suppress: All`: Microsoft Exchange's switch for out-of-office and read receipts;
 * - the loop marker, so our own mail coming back is recorded and never answered.
 */
export function deskHeaders(mail: Pick<MailSource, 'data'>, mailbox: Mailbox): Record<string, string> {
  const threading = mail.data as MailThreading
  return {
    'Auto-Submitted': threading.inReplyTo ? 'auto-replied' : 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    [LOOP_HEADER]: mailbox.domain,
  }
}

/** Builds the message of a row: headers, text (and HTML) parts, signed when DKIM is configured. */
export async function composeMessage(mail: OutboxMail, rendered: RenderedMail, settings: MessageSettings): Promise<ComposedMessage> {
  const {default: MailComposer} = await import('nodemailer/lib/mail-composer')
  const threading = mail.data as MailThreading
  const envelope = {from: bounceAddressFor(settings.mailbox, settings.secret, mail.id), to: [...mail.recipients]}
  const composer = new MailComposer({
    from: settings.from,
    to: mail.recipients,
    replyTo: carriesReplyForm(mail) ? replyAddressFor(settings.mailbox, settings.secret, mail.receiptNo!) : undefined,
    subject: rendered.subject,
    messageId: mail.messageId,
    // RFC 5322 §3.6.1: the date the message was complete — when the state change wrote it.
    date: new Date(mail.createdAt),
    inReplyTo: threading.inReplyTo ?? undefined,
    // Bounded also for rows written before the inbound side bounded them (issue 11 point 7).
    references: threading.references && threading.references.length > 0 ? boundReferences(threading.references) : undefined,
    headers: deskHeaders(mail, settings.mailbox),
    // RFC 2046 §4.1.1: text is in canonical form, lines ending in CRLF, also inside base64.
    text: toCrlf(rendered.text),
    html: rendered.html === null ? undefined : toCrlf(rendered.html),
    envelope,
    baseBoundary: createHash('sha256').update(mail.messageId).digest('hex').slice(0, 24),
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  let raw = await composer.compile().build()
  if (settings.dkim) raw = await signDkim(raw, settings.dkim)
  return {rowId: mail.id, messageId: mail.messageId, envelope, raw}
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}

async function signDkim(raw: Buffer, dkim: DkimSigning): Promise<Buffer> {
  const {default: DKIM} = await import('nodemailer/lib/dkim')
  return readAll(new DKIM({domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: dkim.privateKey}).sign(raw))
}

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('error', reject)
    stream.on('end', () => resolve(Buffer.concat(chunks)))
  })
}
