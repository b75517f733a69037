/**
 * SMTP delivery (SPEC §10) through a pooled nodemailer transport on NSS_SMTP_URL: `smtp://` uses
 * STARTTLS when the server offers it (`?requireTLS=true` insists on it), `smtps://` is implicit TLS
 * (RFC 8314). The URL's query carries nodemailer's options (e.g. `?tls.rejectUnauthorized=false` for
 * a test server). The envelope sender is the row's VERP bounce address, so a bounce finds its row.
 * Outside loopback `smtp://` is STARTTLS or nothing unless `?tls=off` (src/mail/tls-rule.ts; the
 * config loader writes `requireTLS` into the URL): a server without STARTTLS is refused before AUTH.
 *
 * Answers are sorted the way RFC 5321 §4.2.1 reads them: 5xx to the envelope or the data is a
 * permanent refusal of this message; 4xx and a broken connection are worth retrying; a server that
 * cannot be reached or refuses our login says nothing about the message and stops the run.
 */
import type {SmtpConfig} from '../mail-settings'
import type {ComposedMessage} from '../message'
import {tlsRequiredMessage} from '../../tls-rule'
import {DeliveryError, MailTransport, SendOutcome} from './transport'

/** How long to wait for the server: short for the CLI's one attempt after a command, longer for the daemon. */
export interface SmtpTimeouts {
  connectionMs: number
  greetingMs: number
  socketMs: number
}

/** The CLI's one attempt after a command: a dead server must not hold the shell for long. */
export const QUICK_TIMEOUTS: SmtpTimeouts = {connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000}
/** `nss mail deliver` and the daemon; together well below the claim lease of a row (10 minutes). */
export const PATIENT_TIMEOUTS: SmtpTimeouts = {connectionMs: 30_000, greetingMs: 30_000, socketMs: 120_000}

/** nodemailer error codes that mean the server could not be used at all (not a verdict on the message). */
const SERVER_UNAVAILABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EAUTH', 'ENOAUTH', 'EREQUIRETLS'])

type Transporter = {
  sendMail(mail: {envelope: {from: string; to: string[]}; raw: Buffer}): Promise<{
    accepted: unknown[]; rejected: unknown[]; rejectedErrors?: {recipient?: string; response?: string; message: string}[]; response: string
  }>
  close(): void
}

/** Delivers through one SMTP server, reusing its connection across messages. */
export class SmtpTransport implements MailTransport {
  readonly description: string

  private constructor(
    private readonly transporter: Transporter, private readonly secrets: string[], display: string, private readonly requireTls: boolean,
  ) {
    this.description = display
  }

  /** A pooled transport for the configured server; nothing connects until the first message. */
  static async create(smtp: SmtpConfig, timeouts: SmtpTimeouts): Promise<SmtpTransport> {
    const nodemailer = await import('nodemailer')
    const transporter = nodemailer.createTransport({
      pool: true,
      url: smtp.url,
      maxConnections: 1,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    })
    const password = decodeURIComponent(new URL(smtp.url).password)
    return new SmtpTransport(transporter as unknown as Transporter, password ? [password, new URL(smtp.url).password] : [], smtp.display, smtp.requireTls)
  }

  async send(message: ComposedMessage): Promise<SendOutcome> {
    let info: Awaited<ReturnType<Transporter['sendMail']>>
    try {
      info = await this.transporter.sendMail({envelope: message.envelope, raw: message.raw})
    } catch (error) {
      throw this.toDeliveryError(error)
    }
    return {
      accepted: info.accepted.map(String),
      rejected: (info.rejectedErrors ?? []).map(e => ({recipient: String(e.recipient ?? ''), response: this.mask(e.response ?? e.message)})),
      response: this.mask(info.response),
    }
  }

  async close(): Promise<void> {
    this.transporter.close()
  }

  private toDeliveryError(error: unknown): DeliveryError {
    const e = error as {code?: string; responseCode?: number; response?: string; message?: string}
    const code = e.code ?? ''
    const response = e.response ? this.mask(String(e.response)) : null
    const isRefusal = code === 'EENVELOPE' || code === 'EMESSAGE'
    const isPermanent = isRefusal && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode <= 599
    const isUnavailable = SERVER_UNAVAILABLE.has(code) || (!isRefusal && e.responseCode === undefined)
    const text = response ?? this.mask(String(e.message ?? error))
    // STARTTLS refused or failed under the TLS rule: say which rule, so the operator knows what to change.
    if (this.requireTls && code === 'ETLS') return new DeliveryError(tlsRequiredMessage(this.description, text), false, true, null)
    return new DeliveryError(`${this.description}: ${text}`, isPermanent, isUnavailable, response)
  }

  /** Never echo the URL's password (SPEC §10 brief: no error contains a password). */
  private mask(text: string): string {
    let masked = text
    for (const secret of this.secrets) if (secret) masked = masked.split(secret).join('***')
    return masked
  }
}
