import {text} from '../domain/messages/text'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {type IssueInput, InfrastructureError} from '../domain/errors'
import {isRealDate, LocalDate} from '../domain/japan-time'
import {localeSetting} from '../domain/locale-setting'
import {isMailAddress} from '../domain/mail-address'
import {TLS_OPTION, tlsRuleOf} from '../mail/tls-rule'

// The settings' shapes belong to the layers that use them; this loader reads and checks them.
import type {StoreLocation} from '../store/store-location'
import type {DkimConfig, SmtpConfig} from '../mail/outbound/mail-settings'
export type {StoreLocation} from '../store/store-location'
export type {DkimConfig, SmtpConfig} from '../mail/outbound/mail-settings'

/** Everything the desk reads from its environment, checked once (the one config loader). */
export interface DeskConfig {
  /** NSS_HOME: the database, the secret key file and the embedded mail folders. */
  home: string
  store: StoreLocation
  /** NSS_MIN_LEAD_DAYS: business days between submission and the desired date (SPEC §3). */
  minLeadBusinessDays: number
  /** NSS_QUERY_REMINDER_DAYS: business days a query may go unanswered before the office is reminded (issue 14). */
  queryReminderDays: number
  /** NSS_REVIEW_DAYS: business days from receipt to the due date of an application with timing `earliest` (issue 14). */
  reviewBusinessDays: number
  /** NSS_CLOSED_DAYS: extra closed days, comma-separated YYYY-MM-DD (SPEC §6). */
  extraClosedDays: LocalDate[]
  /** NSS_MAIL_FROM: the From of every mail the desk sends. */
  mailFrom: string
  /** The domain of Message-IDs and reply addresses: the domain of NSS_MAIL_FROM. */
  mailDomain: string
  /** Failed logins before an account is locked, and for how long (SPEC §9). */
  lockThreshold: number
  lockMinutes: number
  /** NSS_SMTP_URL (`smtp://` STARTTLS when offered, `smtps://` implicit TLS; pooled); null = the spool folder (SPEC §10). */
  smtp: SmtpConfig | null
  /** NSS_TEMPLATES: a folder of `<locale>/<kind>.<part>.hbs` that replace the built-in templates file by file. */
  templatesDir: string | null
  /** NSS_DKIM_DOMAIN, NSS_DKIM_SELECTOR, NSS_DKIM_KEY_FILE: all three sign outgoing mail; none, no signing. */
  dkim: DkimConfig | null
  /** NSS_MAIL_MAX_ATTEMPTS: delivery attempts before a mail is marked failed (SPEC §10). */
  mailMaxAttempts: number
  /** NSS_IMAP_URL (`imap://` / `imaps://user:pass@host:port/MAILBOX`); null = the Maildir at $NSS_HOME/mail/inbox (SPEC §11). */
  imapUrl: string | null
  /** NSS_MAX_MESSAGE_BYTES: larger inbound messages are recorded, not parsed (SPEC §11 Limits). */
  maxMessageBytes: number
  /** NSS_REPLY_ERROR_LIMIT: reply-error mails per address per day (SPEC §11 step 7). */
  replyErrorLimitPerDay: number
  /** NSS_REQUIRE_DMARC: replies must pass DMARC as well (issue 4, optional). */
  requireDmarc: boolean
  /** NSS_RETENTION_DAYS: inbound raw text and sent mails' data are purged this many days on (issue 11; src/app/retention.ts). */
  retentionDays: number
  /** NSS_DRAFT_DAYS: a draft not saved for this many days is deleted by the daemon (issue 13; src/app/drafts.use-case.ts). */
  draftDays: number
  /** NSS_ATTACHMENT_MAX_COUNT: attachments kept per authenticated reply (issue 14); the rest are refused, named in the office's message. */
  attachmentMaxCount: number
  /** NSS_ATTACHMENT_MAX_BYTES: the largest attachment kept, in bytes (issue 14). */
  attachmentMaxBytes: number
  /** NSS_STAFF_EMAIL: the desk's shared address for the staff's notices (issue 14); null: none. */
  staffEmail: string | null
  /** NSS_HEALTH_MIN_FREE_MB: `nss health` fails below this much free disk in NSS_HOME, and warns below ten times it. */
  healthMinFreeMiB: number
}

type Env = Record<string, string | undefined>

/** Reads and checks the configuration; a bad value is exit 6 with every problem named. */
export function loadConfig(env: Env = process.env): DeskConfig {
  const issues: IssueInput[] = []
  const home = path.resolve(env.NSS_HOME || 'var')
  const store = readStoreLocation(env.NSS_DB, home, issues)
  const minLeadBusinessDays = readInteger(env, 'NSS_MIN_LEAD_DAYS', 4, 0, 60, issues)
  const reviewBusinessDays = readInteger(env, 'NSS_REVIEW_DAYS', 3, 0, 60, issues)
  const queryReminderDays = readInteger(env, 'NSS_QUERY_REMINDER_DAYS', 3, 1, 60, issues)
  const lockThreshold = readInteger(env, 'NSS_LOCK_THRESHOLD', 5, 1, 100, issues)
  const lockMinutes = readInteger(env, 'NSS_LOCK_MINUTES', 15, 1, 24 * 60, issues)
  const extraClosedDays = (env.NSS_CLOSED_DAYS ?? '').split(',').map(s => s.trim()).filter(Boolean)
  for (const day of extraClosedDays) {
    if (!isRealDate(day)) issues.push({path: 'NSS_CLOSED_DAYS', message: text('app.notDate', {day})})
  }
  const mailFrom = env.NSS_MAIL_FROM || 'NACCSセンター <nss@nss-desk.localhost>'
  const domainMatch = /@([^>\s]+)>?\s*$/.exec(mailFrom)
  if (!domainMatch) issues.push({path: 'NSS_MAIL_FROM', message: text('app.notMailAddress', {value: mailFrom})})
  const smtp = readSmtpUrl(env.NSS_SMTP_URL, issues)
  const templatesDir = readFolder(env, 'NSS_TEMPLATES', issues)
  const dkim = readDkim(env, issues)
  const mailMaxAttempts = readInteger(env, 'NSS_MAIL_MAX_ATTEMPTS', 12, 1, 100, issues)
  const imapUrl = readImapUrl(env.NSS_IMAP_URL, issues)
  const maxMessageBytes = readInteger(env, 'NSS_MAX_MESSAGE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024, issues)
  const replyErrorLimitPerDay = readInteger(env, 'NSS_REPLY_ERROR_LIMIT', 5, 0, 1000, issues)
  const requireDmarc = ['1', 'true', 'yes'].includes((env.NSS_REQUIRE_DMARC ?? '').toLowerCase())
  // At least a day: what the daemon reads is processed within its cycle, and a mail is retried for hours.
  const retentionDays = readInteger(env, 'NSS_RETENTION_DAYS', 365, 1, 100 * 365, issues)
  const draftDays = readInteger(env, 'NSS_DRAFT_DAYS', 30, 1, 100 * 365, issues)
  const attachmentMaxCount = readInteger(env, 'NSS_ATTACHMENT_MAX_COUNT', 5, 0, 100, issues)
  const attachmentMaxBytes = readInteger(env, 'NSS_ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 1, 1024 * 1024 * 1024, issues)
  try {
    localeSetting(env)
  } catch (error) {
    issues.push(...(error as InfrastructureError).raised.issues)
  }
  const staffEmail = env.NSS_STAFF_EMAIL?.trim() || null
  if (staffEmail !== null && !isMailAddress(staffEmail)) issues.push({path: 'NSS_STAFF_EMAIL', message: text('app.oneMailAddress')})
  const healthMinFreeMiB = readInteger(env, 'NSS_HEALTH_MIN_FREE_MB', 100, 1, 1024 * 1024 * 1024, issues)
  if (issues.length > 0) throw new InfrastructureError(text('app.badConfiguration'), issues)
  return {
    home, store, minLeadBusinessDays, reviewBusinessDays, queryReminderDays, extraClosedDays, mailFrom, mailDomain: domainMatch![1],
    lockThreshold, lockMinutes, smtp, templatesDir, dkim, mailMaxAttempts,
    imapUrl, maxMessageBytes, replyErrorLimitPerDay, requireDmarc, retentionDays, draftDays, healthMinFreeMiB, staffEmail,
    attachmentMaxCount, attachmentMaxBytes,
  }
}

/** Checks NSS_IMAP_URL without ever echoing its password. */
function readImapUrl(value: string | undefined, issues: IssueInput[]): string | null {
  if (!value) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    issues.push({path: 'NSS_IMAP_URL', message: text('app.imapUrlInvalid')})
    return null
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    issues.push({path: 'NSS_IMAP_URL', message: text('app.imapUrlScheme')})
  }
  if (!url.username) issues.push({path: 'NSS_IMAP_URL', message: text('app.imapUrlUser')})
  const {problem} = tlsRuleOf(url)
  if (problem) issues.push({path: 'NSS_IMAP_URL', message: problem})
  return value
}

function readSmtpUrl(value: string | undefined, issues: IssueInput[]): SmtpConfig | null {
  if (!value) return null
  let url: URL | null = null
  try {
    url = new URL(value)
  } catch {
    // The message names the variable, never the value: it may hold a password.
  }
  if (!url || !/^smtps?:$/.test(url.protocol) || url.hostname === '') {
    issues.push({path: 'NSS_SMTP_URL', message: text('app.smtpUrlInvalid')})
    return null
  }
  if (url.port !== '' && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) {
    issues.push({path: 'NSS_SMTP_URL', message: text('app.smtpUrlPort')})
  }
  // The TLS rule (issue 11): STARTTLS or nothing outside loopback unless ?tls=off. nodemailer lets the
  // URL's options win over the ones it is given, so the rule is written into the URL itself, over any
  // ?requireTLS= of the operator's.
  const {requireTls, problem} = tlsRuleOf(url)
  if (problem) issues.push({path: 'NSS_SMTP_URL', message: problem})
  const transportUrl = new URL(value)
  transportUrl.searchParams.delete(TLS_OPTION)
  if (requireTls) transportUrl.searchParams.set('requireTLS', 'true')
  // Messages and logs show the URL with its password masked: a password is never echoed.
  const masked = new URL(value)
  if (masked.password) masked.password = '***'
  return {url: transportUrl.toString(), display: masked.toString(), requireTls}
}

function readFolder(env: Env, name: string, issues: IssueInput[]): string | null {
  const value = env[name]
  if (!value) return null
  const folder = path.resolve(value)
  if (!fs.statSync(folder, {throwIfNoEntry: false})?.isDirectory()) {
    issues.push({path: name, message: text('app.noFolder', {folder})})
  }
  return folder
}

function readDkim(env: Env, issues: IssueInput[]): DkimConfig | null {
  const names = ['NSS_DKIM_DOMAIN', 'NSS_DKIM_SELECTOR', 'NSS_DKIM_KEY_FILE'] as const
  const given = names.filter(name => env[name])
  if (given.length === 0) return null
  if (given.length < names.length) {
    for (const name of names.filter(n => !env[n])) issues.push({path: name, message: text('app.dkimAllThree', {given: given.join(', ')})})
    return null
  }
  const privateKeyFile = path.resolve(env.NSS_DKIM_KEY_FILE!)
  if (!fs.statSync(privateKeyFile, {throwIfNoEntry: false})?.isFile()) {
    issues.push({path: 'NSS_DKIM_KEY_FILE', message: text('app.noFile', {file: privateKeyFile})})
  }
  return {domainName: env.NSS_DKIM_DOMAIN!, keySelector: env.NSS_DKIM_SELECTOR!, privateKeyFile}
}

function readStoreLocation(value: string | undefined, home: string, issues: IssueInput[]): StoreLocation {
  if (!value) return {kind: 'sqlite', path: path.join(home, 'nss.sqlite')}
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value)
    } catch {
      issues.push({path: 'NSS_DB', message: text('app.postgresUrlInvalid')})
    }
    return {kind: 'postgres', url: value}
  }
  return {kind: 'sqlite', path: path.resolve(value)}
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number, issues: IssueInput[]): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({path: name, message: text('app.wholeNumberRange', {min, max})})
    return fallback
  }
  return value
}
