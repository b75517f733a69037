/**
 * Sorting an inbound message before anything answers it (SPEC §11 step 2): a bounce or delivery
 * report, an automatic reply, our own mail come back, or a person. Only a person's mail may ever be
 * answered; the rest is recorded. Pure: it reads a {@link ParsedMessage} and nothing else.
 */
import type {ParsedMessage} from './parse'

/** What kind of sender produced the message. */
export type MessageKind = 'bounce' | 'auto-reply' | 'own' | 'human'

/** Details a bounce carries, for marking the outbox row it refers to (SPEC §11 step 2). */
export interface BounceDetails {
  /** Message-ID of the message that bounced, from the returned message or its headers. */
  originalMessageId?: string
  /** The recipient that failed (RFC 3464 Original-Recipient, else Final-Recipient, else a guess). */
  recipient?: string
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`; 4.x.x is transient. */
  status?: string
  /** RFC 3464 Action: `failed`, `delayed`, `delivered`, `relayed`, `expanded`. A delay is not a bounce yet. */
  action?: string
  /** Local part of the VERP address the bounce came back to: `<local>+bounce.<rowId>.<token>`. */
  verpLocalPart?: string
}

/** The verdict on one message, with the rule that decided it. */
export interface Classification {
  kind: MessageKind
  reason: string
  bounce?: BounceDetails
}

/** Who we are: our mail domain, and the loop header our outbound mail carries (`X-Nss-Loop` or `X-Nss-Loop: value`). */
export interface OwnIdentity {
  domain: string
  loopHeader: string
}

const DAEMON_LOCAL_PART = /^(?:mailer-?daemon|mail-?daemon|post_?master|mmdf|double-bounce|bounces?|mdaemon|mail\.?delivery(?:\.?subsystem)?|smtp-?gateway)$/i
const DAEMON_NAME = /mail delivery (?:system|subsystem|service)|mailer[- ]daemon|postmaster|mail administrator|mail system|delivery status notification/i
const BOUNCE_SUBJECT = new RegExp(
  [
    'undeliver(?:able|ed)', 'returned mail', 'returned to sender', 'return(?:ing)? message to sender', 'delivery status notification',
    'delivery (?:has )?fail', 'delivery failure', 'mail delivery (?:failed|failure|system|problem)', 'failure notice',
    'non-?delivery', 'could not be delivered', 'not delivered', 'mail system error', 'delivery notification',
    'notice: mail delivery status', 'postmaster notify', 'bounce notification', 'unzustellbar', 'nicht zustellbar',
    'benachrichtung', 'message not delivered', 'delivery problem', 'failed mail', 'warning: could not send',
    'loop alert', 'mail(?:ing)? error', '配信不能', '配送不能', '不達', '配信エラー', '送信エラー', 'エラー通知', '配信できません',
    '宛先不明', 'メールエラー', '配信状態通知', 'ﾒｰﾙｴﾗｰ',
  ].join('|'),
  'i',
)
const BOUNCE_BODY = /(?:could not be delivered|was not delivered|delivery (?:has )?failed|undeliverable|user unknown|no such user|mailbox (?:unavailable|not found|full)|unknown user|recipient address rejected|permanent (?:fatal )?error|the following address(?:es)? failed|returned to sender|original (?:mail|message) (?:as follows|follows)|copy of the (?:original )?message|the original message was received)/i
const VACATION_SUBJECT = /^\s*[[【(（]?\s*(?:\[?auto(?:matic)?[ -]?(?:reply|response|generated|respons|antwort|matische antwort)\]?|autoreply|out of (?:the )?office|away (?:until|from)|on vacation|vacation(?: reply)?:|abwesenheitsnotiz|abwesend|absence|r[ée]ponse automatique|自動応答|自動返信|自動送信|不在(?:通知|のお知らせ|連絡)?|休暇)/i
const NO_REPLY_LOCAL_PART = /^(?:no-?reply|do-?not-?reply|donotreply|noreply[-+.].*|.*[-+.]noreply|notifications?|notify|alerts?|root|cron|daemon|oracle|nobody|www-data|apache|jenkins)$/i
/** Headers that only ticketing and notification systems set (JIRA, GitHub, GitLab, Redmine, Bugzilla, Discourse). */
const NOTIFIER_HEADER = /^x-(?:jira-fingerprint|github-reason|gitlab-project|redmine-project|bugzilla-(?:product|reason)|discourse-auto-generated)$/
const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'list-help']

function header(message: ParsedMessage, name: string): string | undefined {
  return message.headers[name]?.[0]
}

function localPartOf(address: string): string {
  const at = address.lastIndexOf('@')
  return (at < 0 ? address : address.slice(0, at)).toLowerCase()
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@')
  return at < 0 ? '' : address.slice(at + 1).toLowerCase().replace(/>$/, '')
}

/** The Return-Path is `<>` (RFC 5321 §4.5.5: notifications are sent with a null reverse-path). */
function hasNullSender(message: ParsedMessage): boolean {
  const returnPath = header(message, 'return-path')
  if (returnPath === undefined) return false
  const value = returnPath.trim().toLowerCase()
  return value === '<>' || value === '' || value === '<mailer-daemon>' || value === 'mailer-daemon' || value === '<mailer-daemon@>'
}

function isDaemonSender(message: ParsedMessage): boolean {
  const from = message.from
  if (!from) return false
  return DAEMON_LOCAL_PART.test(localPartOf(from.address)) || DAEMON_NAME.test(from.name)
}

/** The fields of the first per-recipient block of a delivery-status text (RFC 3464 §2.3). */
function readDeliveryStatus(text: string): {recipient?: string; status?: string; action?: string} {
  const blocks = text.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ').split(/\n\s*\n/)
  const recipientBlocks = blocks
    .map((block) => {
      const fields: Record<string, string> = {}
      for (const line of block.split('\n')) {
        const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line.trim())
        if (match && !(match[1].toLowerCase() in fields)) fields[match[1].toLowerCase()] = match[2].trim()
      }
      return fields
    })
    .filter((fields) => fields['final-recipient'] || fields['original-recipient'] || fields.status)
  const chosen = recipientBlocks.find((fields) => /^failed/i.test(fields.action ?? '')) ?? recipientBlocks[0]
  if (!chosen) return {}
  const address = (value: string | undefined): string | undefined => {
    if (!value) return undefined
    const bare = value.replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, '').trim().toLowerCase()
    return bare.includes('@') ? bare : undefined
  }
  const statusMatch = /([245]\.\d{1,3}\.\d{1,3})/.exec(chosen.status ?? '')
  return {
    recipient: address(chosen['original-recipient']) ?? address(chosen['final-recipient']),
    status: statusMatch?.[1],
    action: chosen.action?.toLowerCase().split(/[\s(]/)[0] || undefined,
  }
}

/** Message-IDs written as header lines in a text, in order. */
function messageIdsIn(text: string): string[] {
  return [...text.matchAll(/^[ \t>]*message-id:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>|[^\s<>]+@[^\s<>]+)/gim)].map((match) => {
    const id = match[1]
    return id.startsWith('<') ? id : `<${id}>`
  })
}

/** The first address in the bounce body that is neither the bounce's sender nor its recipients. */
function guessFailedRecipient(message: ParsedMessage): string | undefined {
  const failed = header(message, 'x-failed-recipients')
  if (failed) {
    const address = /[^\s<>,;]+@[^\s<>,;]+/.exec(failed)
    if (address) return address[0].toLowerCase()
  }
  const known = new Set([message.from?.address, ...message.to.map((to) => to.address)].filter(Boolean))
  const head = message.text.split('\n').slice(0, 60).join('\n')
  for (const match of head.matchAll(/<?([A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/g)) {
    const address = match[1].toLowerCase()
    if (!known.has(address) && !DAEMON_LOCAL_PART.test(localPartOf(address))) return address
  }
  return undefined
}

/** The VERP local part when the bounce came back to `<local>+bounce.<rowId>.<token>@<our domain>`. */
function findVerpLocalPart(message: ParsedMessage, ours: OwnIdentity): string | undefined {
  const candidates = [
    ...(message.headers['delivered-to'] ?? []),
    ...(message.headers['x-original-to'] ?? []),
    ...(message.headers['envelope-to'] ?? []),
    ...(message.headers['x-envelope-to'] ?? []),
    ...message.to.map((to) => to.address),
  ]
  const domain = ours.domain.toLowerCase()
  for (const candidate of candidates) {
    for (const match of candidate.matchAll(/([^\s<>,;"]+)@([^\s<>,;"]+)/g)) {
      const local = match[1]
      if (match[2].toLowerCase() === domain && /^[^+]+\+bounce\.[^.]+\..+$/i.test(local)) return local
    }
  }
  return undefined
}

function bounceDetails(message: ParsedMessage, ours: OwnIdentity): BounceDetails {
  const details: BounceDetails = {}
  const status = message.report.deliveryStatus ? readDeliveryStatus(message.report.deliveryStatus) : {}
  const ownId = message.messageId
  const fromReturned = message.report.returnedHeaders ? messageIdsIn(message.report.returnedHeaders) : []
  const fromBody = messageIdsIn(message.text).filter((id) => id !== ownId)
  const originalMessageId = fromReturned[0] ?? fromBody[0]
  if (originalMessageId) details.originalMessageId = originalMessageId
  const recipient = status.recipient ?? guessFailedRecipient(message)
  if (recipient) details.recipient = recipient
  const code = status.status ?? /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(message.text)?.[1]
  if (code) details.status = code
  if (status.action) details.action = status.action
  const verp = findVerpLocalPart(message, ours)
  if (verp) details.verpLocalPart = verp
  return details
}

function isOwnLoopHeader(message: ParsedMessage, loopHeader: string): boolean {
  const colon = loopHeader.indexOf(':')
  const name = (colon < 0 ? loopHeader : loopHeader.slice(0, colon)).trim().toLowerCase()
  const value = colon < 0 ? '' : loopHeader.slice(colon + 1).trim().toLowerCase()
  if (!name) return false
  const values = message.headers[name]
  if (!values) return false
  return value === '' || values.some((v) => v.trim().toLowerCase() === value)
}

/** Why the message is automatic (RFC 3834 and the headers mail systems use instead), or null. */
function autoReplyReason(message: ParsedMessage): string | null {
  const autoSubmitted = header(message, 'auto-submitted')
  if (autoSubmitted !== undefined) {
    const value = autoSubmitted.split(/[;(\s]/)[0].trim().toLowerCase()
    if (value !== '' && value !== 'no') return `Auto-Submitted: ${value} (RFC 3834 §5)`
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autogenerated']) {
    const value = header(message, name)
    if (value !== undefined && !/^\s*no\s*$/i.test(value)) return `${name} header`
  }
  const precedence = (header(message, 'precedence') ?? '').trim().toLowerCase()
  if (precedence === 'junk' || precedence === 'auto_reply') return `Precedence: ${precedence}`
  if (message.report.reportType === 'disposition-notification') return 'read receipt (RFC 8098 disposition notification)'
  const suppress = header(message, 'x-auto-response-suppress')
  if (suppress !== undefined && /\b(?:all|oof|autoreply)\b/i.test(suppress)) return 'X-Auto-Response-Suppress (Exchange automatic message)'
  if (/mailbox rules agent/i.test(header(message, 'x-ms-exchange-generated-message-source') ?? '')) return 'Exchange mailbox rule'
  if (VACATION_SUBJECT.test(message.subject)) return 'vacation or automatic-reply subject'
  const notifier = Object.keys(message.headers).find((name) => NOTIFIER_HEADER.test(name))
  if (notifier) return `${notifier} header (notification system)`
  if (message.from && NO_REPLY_LOCAL_PART.test(localPartOf(message.from.address))) return `sent from ${localPartOf(message.from.address)}@ (machine sender)`
  return null
}

/**
 * A mailing-list or bulk message (RFC 2369 List-*, RFC 2919 List-Id, Precedence bulk/list). SPEC §11
 * step 2 counts these as automatic without exception: the desk's reply addresses are private, so a
 * list never carries a genuine reply, and answering one could mail a whole list.
 */
function listReason(message: ParsedMessage): string | null {
  const precedence = (header(message, 'precedence') ?? '').trim().toLowerCase()
  const listHeader = LIST_HEADERS.find((name) => message.headers[name])
  if (precedence !== 'bulk' && precedence !== 'list' && !listHeader) return null
  return precedence === 'bulk' || precedence === 'list' ? `Precedence: ${precedence}` : `${listHeader} header (mailing list)`
}

/**
 * Classifies one parsed message, in order: bounce or delivery report (RFC 3464, RFC 6522), our own
 * mail or a loop, an automatic reply (RFC 3834), else a person. A bounce is checked first so that a
 * report our own MTA writes about our mail still marks the outbox row.
 */
export function classifyMessage(message: ParsedMessage, ours: OwnIdentity): Classification {
  const bounce = (reason: string): Classification => ({kind: 'bounce', reason, bounce: bounceDetails(message, ours)})
  const reportType = message.report.reportType
  if (reportType === 'delivery-status' || reportType === 'global-delivery-status') {
    return bounce(`multipart/report; report-type=${reportType} (RFC 3464)`)
  }
  if (message.report.deliveryStatus !== null) return bounce('message/delivery-status part (RFC 3464)')
  if (reportType === 'feedback-report') return bounce('abuse feedback report (RFC 5965)')

  const isDaemon = isDaemonSender(message)
  const isNull = hasNullSender(message)
  const hasBounceSubject = BOUNCE_SUBJECT.test(message.subject)
  const hasReturnedMessage = message.report.returnedHeaders !== null
  const hasBounceBody = BOUNCE_BODY.test(message.text.slice(0, 8000))
  if (isDaemon && (hasBounceSubject || isNull || hasBounceBody || hasReturnedMessage)) {
    return bounce(`bounce from ${message.from?.address} (${hasBounceSubject ? 'subject' : isNull ? 'null sender' : 'body'})`)
  }
  if (isNull && hasBounceSubject) return bounce('null sender and a bounce subject')
  if (hasBounceSubject && (hasReturnedMessage || hasBounceBody) && !message.inReplyTo) {
    return bounce('bounce subject with a returned message or failure text')
  }

  if (isOwnLoopHeader(message, ours.loopHeader)) return {kind: 'own', reason: `our loop header ${ours.loopHeader}`}
  const domain = ours.domain.toLowerCase()
  if (message.from && domainOf(message.from.address) === domain) return {kind: 'own', reason: `From is at our domain ${domain}`}
  if (message.messageId && domainOf(message.messageId.slice(1, -1)) === domain) {
    return {kind: 'own', reason: `Message-ID is ours (${domain})`}
  }

  const auto = autoReplyReason(message)
  if (auto) return {kind: 'auto-reply', reason: auto}
  const list = listReason(message)
  if (list) return {kind: 'auto-reply', reason: list}
  if (isDaemon) return bounce(`sent by ${message.from?.address}`)
  if (isNull) return {kind: 'auto-reply', reason: 'null sender (RFC 5321 §4.5.5), not a bounce'}
  return {kind: 'human', reason: 'no bounce, automatic or loop marker'}
}
