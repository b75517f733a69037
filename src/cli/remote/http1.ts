/**
 * One HTTP/1.1 exchange over one connection (RFC 9112), for the remote CLI's one request a process
 * (issue 12 point 4). Node's `https` client costs a remote call about 5 ms before anything is sent —
 * its six modules compiled and its agent, parser and stream machinery set up — for a request the CLI
 * never pipelines, reuses or streams. This writes the request itself on `tls.connect` (or `net.connect`
 * for http to loopback) and reads the answer: a status line, header fields, and a body framed by
 * Content-Length, by chunked transfer coding, or by the end of the connection (RFC 9112 §6.3). Verification
 * is `tls.connect`'s own: the certificate against `ca` (Node's roots when none is given) and the host name
 * (checkServerIdentity), before the request is written.
 */
import net = require('node:net')
import type {TLSSocket} from 'node:tls'

export interface Exchange {
  method: string
  /** The request target, with its origin: `https://host:port/path?query`. */
  url: URL
  /** Field names in lower case; Host, Content-Length and Connection are this module's. */
  headers: Record<string, string>
  body?: Buffer
  /** For https: the CA to verify against (`[]` for none: a resumed session only) and a session to resume. */
  ca?: Buffer | Buffer[]
  session?: Buffer
  timeoutMs: number
  /** A TLS session ticket the server sent, for the next process to resume. */
  onSession?: (session: Buffer) => void
}

export interface Answer {
  status: number
  /** Field names in lower case; the first value of a field that came more than once. */
  headers: Map<string, string>
  body: Buffer
  /** The TLS session of an earlier call was resumed. */
  resumed: boolean
}

/**
 * Why an exchange failed: `stage` says whether the server answered at all — `connect` (nothing was
 * received: unreachable, refused, not trusted, closed before answering) or `answer` (its answer broke
 * off or is not HTTP) — and `code` is Node's error code where there is one.
 */
export class ExchangeError extends Error {
  constructor(readonly stage: 'connect' | 'answer', readonly code: string | undefined, message: string) {
    super(message)
  }
}

/** A header section longer than this is not a desk server's (Node's own limit is 16 KiB). */
const MAX_HEADER_BYTES = 64 * 1024

/** RFC 9110 §5.5: a field value is visible characters, spaces and tabs; CR, LF and NUL would split the request. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Sends the request and resolves with the whole answer, whatever its status. */
export function exchange(request: Exchange): Promise<Answer> {
  const head = requestHead(request)
  const isHttps = request.url.protocol === 'https:'
  const host = request.url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(request.url.port) || (isHttps ? 443 : 80)
  return new Promise((resolve, reject) => {
    let settled = false
    const reader = new AnswerReader()
    let socket: net.Socket
    const fail = (error: ExchangeError) => {
      if (settled) return
      settled = true
      socket.destroy()
      reject(error)
    }
    const isResumed = () => isHttps && (socket as TLSSocket).isSessionReused() === true
    const send = () => socket.write(request.body ? Buffer.concat([head, request.body]) : head)
    if (isHttps) {
      // Loaded here: an http call to loopback never loads TLS.
      const tls = require('node:tls') as typeof import('node:tls')
      socket = tls.connect({
        host, port, ca: request.ca, session: request.session,
        // SNI names a host, never an address (RFC 6066 §3), as Node's https agent does.
        servername: net.isIP(host) ? undefined : host,
      }, send)
      if (request.onSession) socket.on('session', request.onSession)
    } else {
      socket = net.connect({host, port}, send)
    }
    socket.setTimeout(request.timeoutMs, () => fail(new ExchangeError(reader.hasBegun ? 'answer' : 'connect', 'ETIMEDOUT', `no answer within ${request.timeoutMs / 1000} s`)))
    socket.on('error', (error: NodeJS.ErrnoException) => fail(new ExchangeError(reader.hasBegun ? 'answer' : 'connect', error.code, error.message)))
    socket.on('data', (chunk: Buffer) => {
      if (settled) return
      try {
        if (!reader.take(chunk)) return
      } catch (error) {
        return fail(new ExchangeError('answer', 'HPE_INVALID', (error as Error).message))
      }
      settled = true
      // Asked before the socket goes: a destroyed TLS socket knows nothing of its session.
      const resumed = isResumed()
      socket.destroy()
      resolve({...reader.answer(), resumed})
    })
    socket.on('end', () => {
      if (settled) return
      if (!reader.hasBegun) return fail(new ExchangeError('connect', 'ECONNRESET', 'the server closed the connection without an answer'))
      try {
        if (!reader.end()) return fail(new ExchangeError('answer', 'ECONNRESET', 'the answer ended early'))
      } catch (error) {
        return fail(new ExchangeError('answer', 'HPE_INVALID', (error as Error).message))
      }
      settled = true
      resolve({...reader.answer(), resumed: isResumed()})
    })
  })
}

/** The request line and header section; one request a connection (Connection: close). */
function requestHead(request: Exchange): Buffer {
  const target = `${request.url.pathname}${request.url.search}`
  const fields: [string, string][] = [['host', request.url.host], ...Object.entries(request.headers), ['connection', 'close']]
  if (request.body) fields.push(['content-length', String(request.body.length)])
  for (const [name, value] of fields) {
    // The token and every other value come from this program, checked before; a value that would split
    // the request is a defect here, not the server's to see.
    if (!FIELD_NAME.test(name) || !FIELD_VALUE.test(value)) throw new TypeError(`The header ${JSON.stringify(name)} cannot be sent: it has a character HTTP does not allow`)
  }
  return Buffer.from(`${request.method} ${target} HTTP/1.1\r\n${fields.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1')
}

/**
 * Reads one answer as its bytes arrive (RFC 9112 §6.3): interim 1xx answers are passed over; the body
 * ends where Content-Length or the last chunk says, else with the connection.
 */
class AnswerReader {
  private buffered: Buffer = Buffer.alloc(0)
  private status = 0
  private headers = new Map<string, string>()
  private framing: {kind: 'length'; remaining: number} | {kind: 'chunked'} | {kind: 'close'} | undefined
  private bodyParts: Buffer[] = []
  private isComplete = false
  /** Some byte of the answer has come. */
  hasBegun = false

  /** Takes bytes; true once the answer is whole. Throws when they are not an HTTP/1.1 answer. */
  take(chunk: Buffer): boolean {
    this.hasBegun = true
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    while (!this.framing) {
      const end = this.buffered.indexOf('\r\n\r\n')
      if (end < 0) {
        if (this.buffered.length > MAX_HEADER_BYTES) throw new Error('the header section of the answer is too long')
        return false
      }
      this.readHead(this.buffered.subarray(0, end).toString('latin1'))
      this.buffered = this.buffered.subarray(end + 4)
    }
    return this.readBody()
  }

  /** The connection ended: true when that completes the answer. */
  end(): boolean {
    if (this.isComplete) return true
    if (this.framing?.kind !== 'close') return false
    this.bodyParts.push(this.buffered)
    this.buffered = Buffer.alloc(0)
    return (this.isComplete = true)
  }

  answer(): Omit<Answer, 'resumed'> {
    return {status: this.status, headers: this.headers, body: Buffer.concat(this.bodyParts)}
  }

  private readHead(section: string): void {
    const [statusLine, ...lines] = section.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine)
    if (!status) throw new Error('the answer is not HTTP/1.1')
    const code = Number(status[1])
    const headers = new Map<string, string>()
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon <= 0 || !FIELD_NAME.test(line.slice(0, colon))) throw new Error('the answer has a malformed header field')
      const name = line.slice(0, colon).toLowerCase()
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim())
    }
    // An interim answer (100 Continue, 103 Early Hints): the final one follows.
    if (code >= 100 && code < 200) return
    this.status = code
    this.headers = headers
    const transferCoding = headers.get('transfer-encoding')
    const length = headers.get('content-length')
    if (code === 204 || code === 304) this.framing = {kind: 'length', remaining: 0}
    else if (transferCoding !== undefined) {
      if (transferCoding.toLowerCase().split(',').pop()?.trim() !== 'chunked') throw new Error('the answer has a transfer coding other than chunked')
      this.framing = {kind: 'chunked'}
    } else if (length !== undefined) {
      if (!/^\d{1,15}$/.test(length)) throw new Error('the answer has a malformed Content-Length')
      this.framing = {kind: 'length', remaining: Number(length)}
    } else this.framing = {kind: 'close'}
  }

  private readBody(): boolean {
    const framing = this.framing!
    if (framing.kind === 'close') return false
    if (framing.kind === 'length') {
      const part = this.buffered.subarray(0, framing.remaining)
      this.bodyParts.push(part)
      framing.remaining -= part.length
      this.buffered = this.buffered.subarray(part.length)
      return (this.isComplete = framing.remaining === 0)
    }
    // Chunked (RFC 9112 §7.1): size in hex [; extensions] CRLF, data CRLF, …, 0 CRLF, trailers, CRLF.
    for (;;) {
      const lineEnd = this.buffered.indexOf('\r\n')
      if (lineEnd < 0) return false
      const sizeLine = this.buffered.subarray(0, lineEnd).toString('latin1')
      const size = /^([0-9A-Fa-f]{1,12})[\t ]*(?:;.*)?$/.exec(sizeLine)
      if (!size) throw new Error('the answer has a malformed chunk')
      const length = parseInt(size[1], 16)
      if (length === 0) {
        // The trailer section, empty or not, ends with an empty line.
        return (this.isComplete = this.buffered.indexOf('\r\n\r\n', lineEnd) >= 0)
      }
      const dataStart = lineEnd + 2
      if (this.buffered.length < dataStart + length + 2) return false
      if (this.buffered.subarray(dataStart + length, dataStart + length + 2).toString('latin1') !== '\r\n') throw new Error('the answer has a malformed chunk')
      this.bodyParts.push(this.buffered.subarray(dataStart, dataStart + length))
      this.buffered = this.buffered.subarray(dataStart + length + 2)
    }
  }
}
