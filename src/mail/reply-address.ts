/**
 * Signed addresses (SPEC §10, §11): the query mail's Reply-To `<local>+<receiptNo>.<token>@<domain>`
 * routes a reply to its application and proves the replier had the mail; the VERP-style envelope sender
 * `<local>+bounce.<rowId>.<token>@<domain>` ties a bounce to the outbox row that caused it. Tokens are a
 * truncated HMAC-SHA256 under a key derived from the desk's secret for each purpose, so neither address
 * can be forged for another receipt number or row.
 *
 * `<local>@<domain>` is the address of NSS_MAIL_FROM; the `+` sub-address is what Postfix
 * (`recipient_delimiter = +`) and most hosted mail deliver to the base mailbox.
 */
import {hmacToken, timingSafeEqualString} from '../domain/secret-box'
import {normalizeReceiptNo} from '../domain/receipt-number'

/** Base32 characters of a token: 16 × 5 = 80 bits, short enough for a local part (RFC 5321 §4.5.3.1.1: 64 octets). */
const TOKEN_LENGTH = 16
const REPLY_PURPOSE = 'reply-address'
const BOUNCE_PURPOSE = 'bounce-address'

/** The desk's own mailbox, split: `nss` and `nss-desk.localhost` for `NACCSセンター <nss@nss-desk.localhost>`. */
export interface Mailbox {
  local: string
  domain: string
}

/** The mailbox of a From value such as NSS_MAIL_FROM (`Name <local@domain>` or `local@domain`). */
export function mailboxOf(from: string): Mailbox {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim()
  const at = address.lastIndexOf('@')
  if (at < 1 || at === address.length - 1) throw new Error(`not a mail address: ${from}`)
  return {local: address.slice(0, at), domain: address.slice(at + 1)}
}

/** The signed reply address of an application: `nss+2101910C.<token>@nss-desk.localhost`. */
export function replyAddressFor(mailbox: Mailbox, secret: Buffer, receiptNo: string): string {
  return `${mailbox.local}+${receiptNo}.${hmacToken(secret, REPLY_PURPOSE, receiptNo, TOKEN_LENGTH)}@${mailbox.domain}`
}

/** The VERP envelope sender of one outbox row: `nss+bounce.42.<token>@nss-desk.localhost`. */
export function bounceAddressFor(mailbox: Mailbox, secret: Buffer, rowId: number): string {
  return `${mailbox.local}+bounce.${rowId}.${hmacToken(secret, BOUNCE_PURPOSE, String(rowId), TOKEN_LENGTH)}@${mailbox.domain}`
}

/**
 * What a recipient address of an inbound mail says: a reply to an application (with whether its token
 * is valid — SPEC §11 step 4 treats a registered sender without a valid token differently from a
 * stranger), a bounce of an outbox row (only with a valid token), or nothing of ours (null).
 * Mail systems may fold the case of a local part: the receipt number is read case-insensitively and
 * tokens are lower-case base32.
 */
export type AddressMatch =
  | {kind: 'reply'; receiptNo: string; isTokenValid: boolean}
  | {kind: 'bounce'; rowId: number}

/** Reads a recipient address (`Name <addr>` or bare) against the desk's mailbox; null when it is not ours. */
export function matchDeskAddress(mailbox: Mailbox, secret: Buffer, address: string): AddressMatch | null {
  let parts: Mailbox
  try {
    parts = mailboxOf(address)
  } catch {
    return null
  }
  if (parts.domain.toLowerCase() !== mailbox.domain.toLowerCase()) return null
  const prefix = `${mailbox.local}+`.toLowerCase()
  if (!parts.local.toLowerCase().startsWith(prefix)) return null
  const detail = parts.local.slice(prefix.length)

  const bounce = /^bounce\.(\d{1,15})\.([a-z2-7]+)$/i.exec(detail)
  if (bounce) {
    const rowId = Number(bounce[1])
    const expected = hmacToken(secret, BOUNCE_PURPOSE, String(rowId), TOKEN_LENGTH)
    return timingSafeEqualString(bounce[2].toLowerCase(), expected) ? {kind: 'bounce', rowId} : null
  }
  const reply = /^([0-9a-z]{8})\.([a-z2-7]*)$/i.exec(detail)
  if (!reply) return null
  const receiptNo = normalizeReceiptNo(reply[1])
  if (!receiptNo) return null
  const expected = hmacToken(secret, REPLY_PURPOSE, receiptNo, TOKEN_LENGTH)
  return {kind: 'reply', receiptNo, isTokenValid: timingSafeEqualString(reply[2].toLowerCase(), expected)}
}
