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

/** What the rule says for one URL, or the problem with its `?tls=` option. */
export type TlsRule = {requireTls: boolean; problem: null} | {requireTls: false; problem: string}

/**
 * The rule for a parsed `imap:`/`imaps:`/`smtp:`/`smtps:` URL: STARTTLS required for a plain-text
 * protocol to a host outside loopback, unless `?tls=off`. `?tls=` with any other value, or on an
 * implicit-TLS URL, is a configuration problem (named without the URL: it may hold a password).
 */
export function tlsRuleOf(url: URL): TlsRule {
  const value = url.searchParams.get(TLS_OPTION)
  const isImplicitTls = url.protocol === 'imaps:' || url.protocol === 'smtps:'
  if (value !== null && value !== TLS_OFF) return {requireTls: false, problem: `?${TLS_OPTION}= takes only "${TLS_OFF}"`}
  if (value !== null && isImplicitTls) {
    return {requireTls: false, problem: `?${TLS_OPTION}=${TLS_OFF} does not apply to ${url.protocol}// (TLS from the first byte); use ${url.protocol.replace('s:', ':')}// for plain text`}
  }
  return {requireTls: !isImplicitTls && value === null && !isLoopbackHost(url.hostname), problem: null}
}

/** The line a refusal carries: names the rule and the way out, never the password (`display` is masked). */
export function tlsRequiredMessage(display: string, cause: string): string {
  return `TLS is required for ${display} (not loopback) and STARTTLS could not be used (${cause}): no credentials were sent. ` +
    `The desk sends its password to a host outside loopback only over TLS; use imaps:// or smtps://, enable STARTTLS on the server, ` +
    `or add ?${TLS_OPTION}=${TLS_OFF} to the URL to allow plain text`
}
