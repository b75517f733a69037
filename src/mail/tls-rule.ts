/**
 * The desk's TLS rule for its own mail credentials (issue 11 point 8; docs/mail.md "TLS for the desk's
 * mail servers"): `imap://` and `smtp://` to a host outside loopback must upgrade with STARTTLS
 * before the desk logs in — a server that offers no STARTTLS is refused before any credential is sent
 * — unless the URL says `?tls=off`. `imaps://` and `smtps://` are TLS from the first byte. Loopback
 * (127.0.0.0/8, ::1, `localhost`) never leaves the machine, so plain text there is no exposure.
 *
 * The host is judged as the URL writes it, without a DNS lookup: a name that happens to resolve to
 * 127.0.0.1 still needs TLS (a lookup would make the rule depend on what the resolver says today).
 * Small and dependency-free: the config loader uses it, and `nss status` loads the config.
 */
import {isIP} from 'node:net'
import type {LocalText} from '../domain/messages/text'
import {text} from '../domain/messages/text'

/** The query option that lifts the rule, and its one value. */
export const TLS_OPTION = 'tls'
export const TLS_OFF = 'off'

/** Whether a URL's host (brackets of an IPv6 literal allowed) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '')
  if (name === 'localhost') return true
  if (isIP(name) === 4) return name.split('.')[0] === '127'
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(name)
  return false
}

/**
 * What the rule says for one URL, or the problem with its `?tls=` option: `problemText` for the reader
 * (said in their language at the edge), `problem` its English, for logs and the configuration's issues.
 */
export type TlsRule = {requireTls: boolean; problem: null; problemText: null} | {requireTls: false; problem: string; problemText: LocalText}

/**
 * The rule for a parsed `imap:`/`imaps:`/`smtp:`/`smtps:` URL: STARTTLS required for a plain-text
 * protocol to a host outside loopback, unless `?tls=off`. `?tls=` with any other value, or on an
 * implicit-TLS URL, is a configuration problem (named without the URL: it may hold a password).
 */
export function tlsRuleOf(url: URL): TlsRule {
  const value = url.searchParams.get(TLS_OPTION)
  const isImplicitTls = url.protocol === 'imaps:' || url.protocol === 'smtps:'
  if (value !== null && value !== TLS_OFF) return refused(text('mail.tlsOffOnly', {}))
  if (value !== null && isImplicitTls) {
    return refused(text('mail.tlsOffNotApplicable', {protocol: url.protocol, plain: url.protocol.replace('s:', ':')}))
  }
  return {requireTls: !isImplicitTls && value === null && !isLoopbackHost(url.hostname), problem: null, problemText: null}
}

function refused(problemText: LocalText): TlsRule {
  return {requireTls: false, problem: inEnglish(problemText), problemText}
}

/** The refusal a failed STARTTLS carries: names the rule and the way out, never the password (`display` is masked). */
export function tlsRequiredText(display: string, cause: string): LocalText {
  return text('mail.tlsRequired', {server: display, cause})
}

/** The same refusal in English: the SMTP transport's DeliveryError, kept as the outbox row's lastError. */
export function tlsRequiredMessage(display: string, cause: string): string {
  return inEnglish(tlsRequiredText(display, cause))
}

/** English, the language of logs and stored rows; the catalogue loads only when a problem is said. */
function inEnglish(value: LocalText): string {
  return (require('../domain/messages') as typeof import('../domain/messages')).renderText('en', value)
}
