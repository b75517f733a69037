/**
 * The remote CLI's HTTP client (issue 12): one request to the desk server, over HTTPS verified against
 * NSS_CA_FILE (or Node's roots), with the token in the Authorization header and never anywhere else.
 * An answer with an error status becomes the desk error the server reported, with the exit code its
 * status maps onto (src/api/http.ts); a server that cannot be reached or is not trusted is exit 6.
 * One HTTP/1.1 exchange on Node's tls (./http1.ts): nothing else is loaded for a remote call.
 */
import fs = require('node:fs')
import {decodeWarnings, exitCodeOfStatus, WARNING_HEADER, type HttpRequest} from '../../api/http'
import {InfrastructureError, ReportedError} from '../../domain/errors'
import {text} from '../../domain/messages/text'
import {localeSetting} from '../../domain/locale-setting'
import {exchange, ExchangeError, type Answer} from './http1'

export interface ClientEndpoint {
  url: URL
  token?: string
  caFile?: string
}

export interface HttpAnswer {
  status: number
  body: unknown
  warnings: string[]
  /** The TLS session of an earlier call was resumed (tls-sessions.ts). */
  resumed: boolean
}

/** How long one request may take: a change tries its mails before answering (up to ~50 s against a slow SMTP server). */
const REQUEST_TIMEOUT_MS = 120_000

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE', 'CERT_REVOKED',
])

function readCa(file: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (error) {
    throw new InfrastructureError(text('cli.cannotReadCa', {file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message}))
  }
}

/**
 * Sends one request; resolves with the answer of a 2xx status, rejects with the desk error of any other.
 * Over HTTPS the TLS session of an earlier call is resumed when one is kept (tls-sessions.ts): with no
 * roots at all, so that a server which does not take it is refused before the request is sent, and the
 * request goes again over a connection verified against NSS_CA_FILE or Node's roots.
 */
export async function send(endpoint: ClientEndpoint, request: HttpRequest): Promise<HttpAnswer> {
  const isHttps = new URL(request.path, endpoint.url).protocol === 'https:'
  if (!isHttps) return attempt(endpoint, request, {})
  const trust = endpoint.caFile ? readCa(endpoint.caFile) : null
  const verified = trust ? {ca: trust} : {}
  const {tlsSessionCache} = require('./tls-sessions') as typeof import('./tls-sessions')
  const sessions = endpoint.token ? tlsSessionCache(endpoint.url.origin, trust, endpoint.token) : null
  const session = sessions?.load()
  if (session) {
    try {
      return await attempt(endpoint, request, {ca: [], session}, sessions!)
    } catch (error) {
      if (!(error instanceof UntrustedServer)) throw error
      // Not resumed: the server showed its certificate, which no root was there to verify.
      sessions!.forget()
    }
  }
  return attempt(endpoint, request, verified, sessions ?? undefined)
}

/** A server whose certificate was not verified: nothing was sent to it. */
class UntrustedServer extends InfrastructureError {}

type TlsOptions = {ca?: Buffer | Buffer[]; session?: Buffer}

/** One connection, one request: `tls` says what the server is verified against (or which session resumes). */
async function attempt(endpoint: ClientEndpoint, request: HttpRequest, tls: TlsOptions, sessions?: import('./tls-sessions').TlsSessionCache): Promise<HttpAnswer> {
  const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8')
  const headers: Record<string, string> = {accept: 'application/json', ...request.headers}
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`
  // The reader's language (issue 13): the server says its errors and validation issues in it.
  const locale = localeSetting()
  if (locale) headers['accept-language'] = locale
  if (body) headers['content-type'] = 'application/json'
  const origin = endpoint.url.origin
  let answer: Answer
  try {
    answer = await exchange({
      method: request.method, url: new URL(request.path, endpoint.url), headers, body, ...tls, timeoutMs: REQUEST_TIMEOUT_MS,
      // The server's tickets, for the next call to resume (TLS 1.3 sends them after the handshake).
      onSession: sessions && (session => sessions.save(session)),
    })
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error
    if (error.stage === 'answer') throw new InfrastructureError(text('cli.serverBrokeOff', {origin, reason: error.message}))
    if (error.code && UNTRUSTED.has(error.code)) throw new UntrustedServer(text('cli.serverUntrusted', {origin, code: error.code}))
    throw new InfrastructureError(text('cli.serverUnreachable', {origin, reason: error.code ?? error.message}))
  }
  const {status, resumed} = answer
  let parsed: unknown
  try {
    parsed = answer.body.length === 0 ? undefined : JSON.parse(answer.body.toString('utf8'))
  } catch {
    throw new InfrastructureError(text('cli.serverNotJson', {origin, status}))
  }
  const warnings = decodeWarnings(answer.headers.get(WARNING_HEADER))
  if (status >= 200 && status < 300) return {status, body: parsed, warnings, resumed}
  const error = (parsed as {error?: {code?: unknown; message?: unknown; issues?: unknown}} | undefined)?.error
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new InfrastructureError(text('cli.serverNoDeskError', {origin, status}))
  }
  const issues = Array.isArray(error.issues)
    ? error.issues.filter((i): i is {path: string; message: string} => typeof i?.path === 'string' && typeof i?.message === 'string')
    : []
  throw new ReportedError(error.code, exitCodeOfStatus(status), error.message, issues)
}
