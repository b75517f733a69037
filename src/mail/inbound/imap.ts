/**
 * The IMAP source (SPEC §11, NSS_IMAP_URL), on imapflow. Loaded only when NSS_IMAP_URL is set
 * (src/app/mail-source.ts), so the Maildir path never loads imapflow.
 *
 * - TLS as the URL says: `imaps://` is implicit TLS (RFC 8314 §3.3); `imap://` upgrades with STARTTLS
 *   (RFC 3501 §6.2.1) when the server offers it, and `?requireTLS=true` refuses a server that does not.
 *   Outside loopback STARTTLS is required whatever the URL says, unless `?tls=off` (issue 11,
 *   src/mail/tls-rule.ts): imapflow then fails before LOGIN/AUTHENTICATE, so no credential is sent.
 *   `?tls.rejectUnauthorized=false` accepts a self-signed certificate (test servers only); a private CA
 *   is better trusted through NODE_EXTRA_CA_CERTS.
 * - A message is named `mailbox:uidvalidity:uid` (RFC 3501 §2.3.1.1): a UID means the same message only
 *   while the mailbox's UIDVALIDITY is unchanged, so every read and mark checks it first.
 * - New = carrying neither the done keyword (`$NssDone`) nor `$NssFailed` (a message that could not be
 *   read, set aside): `UID SEARCH UNKEYWORD $NssDone NOT KEYWORD $NssFailed NOT DELETED`,
 *   oldest UID first, with RFC822.SIZE fetched before any body so an over-size message is never
 *   downloaded whole. Done = `UID STORE +FLAGS ($NssDone)`, then, if a done mailbox is configured, a
 *   `UID MOVE` (RFC 6851; imapflow falls back to COPY + EXPUNGE, with RFC 4315 COPYUID naming the new UID).
 * - New mail wakes `waitForNew` through IDLE (RFC 2177), which imapflow replaces by NOOP polling on a
 *   server without it; IDLE is renewed every poll interval, well inside the 29 minutes RFC 2177 allows.
 * - Every mailbox lock is released in `finally`; a lost connection is reopened with exponential backoff,
 *   once per operation, and the operation retried (every operation here is idempotent).
 * - The URL's password never appears in a log line or an error.
 */
import type {ConnectionOptions} from 'node:tls'
import {ImapFlow} from 'imapflow'
import {InfrastructureError} from '../../domain/errors'
import type {LocalText} from '../../domain/messages/text'
import {text} from '../../domain/messages/text'
import {TLS_OPTION, tlsRequiredText, tlsRuleOf} from '../tls-rule'
import {InboundItem, MailSource, SourceItemError} from './source'

/** The keyword that marks a message done (RFC 3501 §2.3.2 keywords are atoms; `$` prefixes a client's own). */
export const DEFAULT_DONE_KEYWORD = '$NssDone'

/** The keyword on a message that could not be read (issue 11 point 3): never listed again, kept for `nss mail reprocess`. */
export const FAILED_KEYWORD = '$NssFailed'

/** Where the source writes what it does; the daemon's JSON logger fits (src/app/log.ts). */
export interface ImapSourceLogger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
}

/** How the source works beyond what NSS_IMAP_URL says; every field has a default. */
export interface ImapSourceOptions {
  logger?: ImapSourceLogger
  /** The keyword set on a message once done; default `$NssDone` (or `?doneKeyword=` in the URL). */
  doneKeyword?: string
  /** A mailbox done messages are moved to, created if missing (or `?doneMailbox=` in the URL). */
  doneMailbox?: string
  /** Extra TLS options, e.g. `{ca}` for a private CA (tests). */
  tls?: ConnectionOptions
  /** Connection attempts per operation before it fails; default 3 (waits 0.5 s, 1 s between them). */
  connectAttempts?: number
  /** The first wait before reconnecting, doubled each attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number
  maxBackoffMs?: number
  /** NOOP poll interval on a server without IDLE, and IDLE renewal; default 60 s. */
  pollIntervalMs?: number
  /** How long to wait for TCP/TLS and for the greeting; default 20 s. */
  connectTimeoutMs?: number
}

/** Why the source failed: a server that cannot be used, a refused login, a missing mailbox, a stale ref. */
export type ImapFailure = 'unavailable' | 'auth' | 'tls' | 'mailbox' | 'uidvalidity-changed' | 'not-found' | 'closed' | 'config'

/**
 * An IMAP failure, without the password (exit 6: a mail server that cannot be used, SPEC §9). Said in
 * the reader's language where it is printed (`in(locale)`); its `message` is English, for logs.
 */
export class ImapSourceError extends InfrastructureError {
  constructor(readonly said: LocalText, readonly reason: ImapFailure) {
    super(said)
  }
}

/** NSS_IMAP_URL, taken apart. */
export interface ImapEndpoint {
  host: string
  port: number
  /** Implicit TLS (`imaps://`). */
  secure: boolean
  /** `imap://` with `?requireTLS=true`, or to a host outside loopback without `?tls=off`: STARTTLS or nothing. */
  requireTls: boolean
  rejectUnauthorized: boolean
  user: string
  password: string
  mailbox: string
  doneKeyword: string | null
  doneMailbox: string | null
  /** The URL with its password replaced by `***`, for messages. */
  display: string
}

const QUERY_OPTIONS = new Set(['requireTLS', TLS_OPTION, 'tls.rejectUnauthorized', 'doneKeyword', 'doneMailbox'])

/**
 * Reads `imap[s]://user:password@host[:port]/MAILBOX[?requireTLS=true&tls.rejectUnauthorized=false&
 * doneMailbox=Done&doneKeyword=$NssDone]` (RFC 5092 in spirit: user and mailbox percent-encoded).
 * Errors never quote the URL: it holds a password.
 */
export function parseImapUrl(value: string): ImapEndpoint {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ImapSourceError(text('mail.imapUrlInvalid'), 'config')
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    throw new ImapSourceError(text('mail.imapUrlProtocol'), 'config')
  }
  if (!url.hostname || !url.username) throw new ImapSourceError(text('mail.imapUrlUserHost'), 'config')
  const secure = url.protocol === 'imaps:'
  const port = url.port ? Number(url.port) : secure ? 993 : 143
  const query = url.searchParams
  for (const key of query.keys()) {
    if (!QUERY_OPTIONS.has(key)) throw new ImapSourceError(text('mail.imapUrlUnknownOption', {option: key, known: [...QUERY_OPTIONS].join(', ')}), 'config')
  }
  const display = new URL(value)
  if (display.password) display.password = '***'
  const keyword = query.get('doneKeyword')
  // A flag keyword is an atom (RFC 3501 §9 flag-keyword): no spaces, parentheses, wildcards, quotes or backslash.
  if (keyword !== null && !/^[^\s(){%*"\\\]]+$/.test(keyword)) throw new ImapSourceError(text('mail.imapUrlKeywordAtom'), 'config')
  const tlsRule = tlsRuleOf(url)
  if (tlsRule.problemText) {
    throw new ImapSourceError({key: tlsRule.problemText.key, params: {...tlsRule.problemText.params, where: 'NSS_IMAP_URL'}}, 'config')
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    requireTls: query.get('requireTLS') === 'true' || tlsRule.requireTls,
    rejectUnauthorized: query.get('tls.rejectUnauthorized') !== 'false',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    mailbox: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX',
    doneKeyword: keyword,
    doneMailbox: query.get('doneMailbox'),
    display: display.toString(),
  }
}

interface MessageRef {
  mailbox: string
  uidValidity: bigint
  uid: number
}

/** `mailbox:uidvalidity:uid`; the mailbox name may itself hold colons. */
export function formatRef(ref: MessageRef): string {
  return `${ref.mailbox}:${ref.uidValidity}:${ref.uid}`
}

/** The parts of a `mailbox:uidvalidity:uid` reference; null for anything else. */
export function parseRef(ref: string): MessageRef | null {
  const match = /^(.+):(\d+):(\d+)$/.exec(ref)
  if (!match) return null
  return {mailbox: match[1], uidValidity: BigInt(match[2]), uid: Number(match[3])}
}

/** UIDs per FETCH of sizes: one lock, one round trip. */
const SIZE_BATCH = 200

const silent: ImapSourceLogger = {debug: () => undefined, info: () => undefined, warn: () => undefined}

/**
 * One IMAP mailbox as the desk's mail source (the MailSource port): one connection, reopened when lost,
 * the mailbox locked for each operation and never across a yield of list(), so read() and markDone()
 * can run while the caller iterates.
 */
export class ImapSource implements MailSource {
  readonly kind = 'imap' as const
  /** The URL without its password. */
  readonly description: string
  private client: ImapFlow | null = null
  private connecting: Promise<ImapFlow> | null = null
  /** Set by an EXISTS (RFC 3501 §7.3.1) since the last list(): waitForNew returns at once. */
  private hasNewMail = false
  private isClosed = false
  private hasConnected = false
  /** Reconnections that failed in a row (every attempt of one), for the wait after them. */
  private failedReconnects = 0
  private readonly wakers = new Set<() => void>()
  /** Messages that could not be set aside (no keyword kept): skipped by list() from now on. */
  private readonly stuck = new Set<string>()
  private readonly log: ImapSourceLogger
  private readonly keyword: string
  private readonly doneMailbox: string | null
  private readonly secrets: string[]

  private constructor(private readonly endpoint: ImapEndpoint, private readonly options: ImapSourceOptions) {
    this.description = endpoint.display
    this.log = options.logger ?? silent
    this.keyword = options.doneKeyword ?? endpoint.doneKeyword ?? DEFAULT_DONE_KEYWORD
    this.doneMailbox = options.doneMailbox ?? endpoint.doneMailbox
    this.secrets = [endpoint.password, encodeURIComponent(endpoint.password)].filter(secret => secret.length > 0)
  }

  /**
   * Connects and checks the mailbox: it exists, the done mailbox exists (created if missing), and the
   * server keeps our keyword (PERMANENTFLAGS, RFC 3501 §7.1) unless done mail is moved away instead.
   */
  static async open(url: string, options: ImapSourceOptions = {}): Promise<ImapSource> {
    const source = new ImapSource(parseImapUrl(url), options)
    try {
      await source.prepare()
    } catch (error) {
      await source.close()
      throw source.toError(error)
    }
    return source
  }

  async *list(): AsyncIterable<InboundItem> {
    this.hasNewMail = false
    const {uidValidity, uids} = await this.withMailbox(this.endpoint.mailbox, async (client, current) => {
      // A session sees mail delivered since its last command only after an EXISTS (RFC 3501 §5.2,
      // §7.3.1), which a server may send after the SEARCH result: NOOP (§6.1.2) first.
      await client.noop()
      // RFC 3501 §6.4.4: UID SEARCH UNKEYWORD $NssDone NOT KEYWORD $NssFailed NOT DELETED; UIDs ascend
      // with arrival (§2.3.1.1).
      const found = await client.search({unKeyword: this.keyword, not: {keyword: FAILED_KEYWORD}, deleted: false}, {uid: true})
      // A refused SEARCH is a failure, never "no new mail".
      if (!Array.isArray(found)) throw new ImapSourceError(text('mail.imapSearchRefused', {server: this.description}), 'unavailable')
      return {uidValidity: current, uids: found.sort((a, b) => a - b)}
    })
    for (let start = 0; start < uids.length; start += SIZE_BATCH) {
      const batch = uids.slice(start, start + SIZE_BATCH)
      const sizes = await this.withMailbox(this.endpoint.mailbox, async (client, current) => {
        // A new UIDVALIDITY means the UIDs found are void: stop here, the next list() starts over.
        if (current !== uidValidity) return null
        const found = new Map<number, number>()
        // RFC 3501 §6.4.5: UID FETCH … (UID RFC822.SIZE), no body.
        for await (const message of client.fetch(batch.join(','), {uid: true, size: true}, {uid: true})) {
          if (typeof message.size === 'number') found.set(message.uid, message.size)
        }
        return found
      })
      if (!sizes) {
        this.log.warn('the UIDVALIDITY of the mailbox changed while listing; the next cycle lists it again', {mailbox: this.endpoint.mailbox})
        return
      }
      for (const uid of batch) {
        const size = sizes.get(uid)
        const ref = {mailbox: this.endpoint.mailbox, uidValidity, uid}
        // Expunged since the SEARCH: nothing to read.
        if (size !== undefined && !this.stuck.has(formatRef(ref))) yield this.itemOf(ref, size)
      }
    }
  }

  async fetch(ref: string): Promise<InboundItem | null> {
    const parsed = parseRef(ref)
    if (!parsed) return null
    try {
      return await this.withMailbox(parsed.mailbox, async (client, current) => {
        if (current !== parsed.uidValidity) return null
        const message = await client.fetchOne(String(parsed.uid), {uid: true, size: true}, {uid: true})
        return message && typeof message.size === 'number' ? this.itemOf(parsed, message.size) : null
      })
    } catch (error) {
      // The mailbox itself is gone: so is the message.
      if (error instanceof ImapSourceError && error.reason === 'mailbox') return null
      throw error
    }
  }

  async markDone(ref: string): Promise<void> {
    const parsed = parseRef(ref)
    if (!parsed) throw new ImapSourceError(text('mail.imapNotRef', {ref}), 'not-found')
    await this.withMailbox(parsed.mailbox, async (client, current) => {
      if (current !== parsed.uidValidity) {
        // The UID now names another message, or none (RFC 3501 §2.3.1.1): marking it would be wrong.
        this.log.warn('not marked done: the UIDVALIDITY of the mailbox changed', {ref, uidValidity: String(current)})
        return
      }
      // RFC 3501 §6.4.6: UID STORE uid +FLAGS ($NssDone). Idempotent, so a retry after reconnecting is safe.
      await client.messageFlagsAdd(String(parsed.uid), [this.keyword], {uid: true})
      if (this.doneMailbox && this.doneMailbox !== parsed.mailbox) {
        const moved = await client.messageMove(String(parsed.uid), this.doneMailbox, {uid: true})
        // RFC 4315 COPYUID: where the message is now, for `nss mail reprocess` by hand.
        const newUid = moved ? moved.uidMap?.get(parsed.uid) : undefined
        const movedRef = moved && newUid !== undefined && moved.uidValidity !== undefined
          ? formatRef({mailbox: this.doneMailbox, uidValidity: BigInt(moved.uidValidity), uid: newUid})
          : null
        this.log.info('moved to the done mailbox', {ref, movedRef})
      }
    })
  }

  /**
   * A message that could not be read gets `$NssFailed` (RFC 3501 §6.4.6 UID STORE +FLAGS), which the
   * SEARCH of list() excludes. One expunged meanwhile needs nothing (the STORE names no message then).
   * Remembered in this process as well, for a server that does not keep the keyword.
   */
  async setAside(ref: string): Promise<void> {
    const parsed = parseRef(ref)
    if (!parsed) throw new SourceItemError(text('mail.imapNotRef', {ref}), 'unmovable')
    this.stuck.add(ref)
    await this.withMailbox(parsed.mailbox, async (client, current) => {
      if (current !== parsed.uidValidity) return
      await client.messageFlagsAdd(String(parsed.uid), [FAILED_KEYWORD], {uid: true})
    })
  }

  async waitForNew(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.isClosed || this.hasNewMail) return
    let client = this.client?.usable ? this.client : null
    if (client && (client.mailbox === false || client.mailbox.path !== this.endpoint.mailbox)) {
      // IDLE watches the selected mailbox (RFC 2177 §3); a lock selects ours (fetch may have selected another).
      await this.withMailbox(this.endpoint.mailbox, async () => undefined).catch(() => undefined)
      client = this.client?.usable ? this.client : null
    }
    // No connection: wait out the backoff (none after a first loss, so a restarted server is back at
    // once), then return so that the caller's next list() reconnects.
    const waitMs = client ? timeoutMs : Math.min(timeoutMs, this.reconnectDelayMs())
    await new Promise<void>(resolve => {
      const finish = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', finish)
        this.wakers.delete(finish)
        resolve()
      }
      const timer = setTimeout(finish, waitMs)
      signal.addEventListener('abort', finish)
      this.wakers.add(finish)
      if (!client) return
      if (this.hasNewMail) return finish()
      // RFC 2177 IDLE: the server sends EXISTS as mail arrives; the next command ends it with DONE.
      // Without IDLE, imapflow polls with NOOP every pollIntervalMs.
      client.idle({whenFree: true}).catch(error => this.log.debug('IDLE ended', {error: this.mask(String(error?.message ?? error))}))
    })
  }

  async close(): Promise<void> {
    this.isClosed = true
    this.wake()
    const client = this.client
    this.client = null
    if (!client) return
    try {
      // RFC 3501 §6.1.3 LOGOUT.
      if (client.usable) await client.logout()
    } catch {
      // Closed below in any case.
    } finally {
      client.close()
    }
  }

  /** 0 until a reconnection has failed, then the backoff of the failures so far. */
  private reconnectDelayMs(): number {
    if (this.failedReconnects === 0) return 0
    const first = this.options.initialBackoffMs ?? 500
    return Math.min(first * 2 ** this.failedReconnects, this.options.maxBackoffMs ?? 30_000)
  }

  private itemOf(ref: MessageRef, size: number): InboundItem {
    return {ref: formatRef(ref), size, read: () => this.read(ref)}
  }

  private async read(ref: MessageRef): Promise<Buffer> {
    return this.withMailbox(ref.mailbox, async (client, current) => {
      if (current !== ref.uidValidity) {
        throw new ImapSourceError(text('mail.imapUidValidityChanged', {ref: formatRef(ref), mailbox: ref.mailbox, current: String(current)}), 'uidvalidity-changed')
      }
      // BODY.PEEK[] (RFC 3501 §6.4.5): the whole message, without setting \Seen.
      let message: Awaited<ReturnType<ImapFlow['fetchOne']>>
      try {
        message = await client.fetchOne(String(ref.uid), {uid: true, source: true}, {uid: true})
      } catch (error) {
        // The server refused this message (a NO) on a connection still usable: the message's problem,
        // not the source's. A lost connection is the source's (retried by withMailbox, then thrown).
        if (!client.usable || (error as {responseStatus?: string}).responseStatus !== 'NO') throw error
        throw new SourceItemError(text('mail.imapMessageRefused', {reason: this.messageOf(error)}), 'unreadable')
      }
      // Expunged (by another client) between the SEARCH and this FETCH (RFC 3501 §7.4.1).
      if (!message || !message.source) throw new SourceItemError(text('mail.imapExpunged', {mailbox: ref.mailbox}), 'vanished')
      return message.source
    })
  }

  private async prepare(): Promise<void> {
    const client = await this.connection()
    if (this.doneMailbox) {
      const exists = (await client.list()).some(box => box.path === this.doneMailbox)
      if (!exists) await client.mailboxCreate(this.doneMailbox)
    }
    await this.withMailbox(this.endpoint.mailbox, async locked => {
      const permanent = locked.mailbox ? locked.mailbox.permanentFlags : undefined
      const keepsKeyword = !permanent || permanent.has('\\*') || permanent.has(this.keyword)
      if (!keepsKeyword && !this.doneMailbox) {
        throw new ImapSourceError(text('mail.imapKeywordNotKept', {mailbox: this.endpoint.mailbox, keyword: this.keyword}), 'config')
      }
    })
  }

  /**
   * Runs `work` with `mailbox` selected and locked (imapflow's mailbox lock), released in `finally`
   * whatever happens. A connection lost during the work is reopened and the work retried once.
   */
  private async withMailbox<T>(mailbox: string, work: (client: ImapFlow, uidValidity: bigint) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connection()
      try {
        const lock = await client.getMailboxLock(mailbox)
        try {
          if (!client.mailbox) throw new ImapSourceError(text('mail.imapNotSelected', {mailbox}), 'mailbox')
          return await work(client, client.mailbox.uidValidity)
        } finally {
          lock.release()
        }
      } catch (error) {
        // One message's problem passes as it is: the caller sets that message aside and goes on.
        if (error instanceof SourceItemError) throw error
        if (error instanceof ImapSourceError || attempt > 1 || client.usable || this.isClosed) throw this.toError(error)
        this.log.warn('the IMAP connection was lost; reconnecting', {error: this.messageOf(error)})
      }
    }
  }

  /** The open connection, or a new one (exponential backoff between attempts). */
  private connection(): Promise<ImapFlow> {
    if (this.isClosed) return Promise.reject(new ImapSourceError(text('mail.imapClosed', {server: this.description}), 'closed'))
    if (this.client?.usable) return Promise.resolve(this.client)
    this.connecting ??= this.connectWithBackoff().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private async connectWithBackoff(): Promise<ImapFlow> {
    const attempts = Math.max(1, this.options.connectAttempts ?? 3)
    let delay = this.options.initialBackoffMs ?? 500
    const maxDelay = this.options.maxBackoffMs ?? 30_000
    const wasConnected = this.hasConnected
    this.client?.close()
    this.client = null
    for (let attempt = 1; ; attempt++) {
      try {
        const client = await this.connectOnce()
        if (wasConnected || attempt > 1) this.log.info('IMAP reconnected', {server: this.description, attempt})
        this.failedReconnects = 0
        return client
      } catch (error) {
        const failure = this.toError(error)
        if (failure.reason === 'auth' || failure.reason === 'tls' || attempt >= attempts || this.isClosed) {
          this.failedReconnects++
          throw failure
        }
        this.log.warn('IMAP connection failed; retrying', {server: this.description, attempt, retryInMs: delay, error: failure.message})
        await new Promise(resolve => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, maxDelay)
      }
    }
  }

  private async connectOnce(): Promise<ImapFlow> {
    const {endpoint, options} = this
    const timeout = options.connectTimeoutMs ?? 20_000
    const client = new ImapFlow({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      // undefined: STARTTLS when offered; true: STARTTLS or fail (RFC 3501 §6.2.1, §11.1).
      doSTARTTLS: endpoint.requireTls ? true : undefined,
      tls: {rejectUnauthorized: endpoint.rejectUnauthorized, ...options.tls},
      auth: {user: endpoint.user, pass: endpoint.password},
      logger: this.imapflowLogger(),
      clientInfo: {name: 'nss-desk'},
      maxIdleTime: options.pollIntervalMs ?? 60_000,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
    })
    // The 'error' event comes at most once, before 'close'; unheard it would end the process.
    client.on('error', error => this.log.warn('IMAP connection error', {server: this.description, error: this.messageOf(error)}))
    client.on('exists', event => {
      if (event.count > event.prevCount) this.noteNewMail()
    })
    client.on('close', () => {
      if (this.client === client) this.client = null
      // The connection is gone: a waiter returns so the caller's next list() reconnects.
      this.wake()
    })
    try {
      await client.connect()
    } catch (error) {
      client.close()
      throw error
    }
    this.client = client
    this.hasConnected = true
    return client
  }

  private noteNewMail(): void {
    this.hasNewMail = true
    this.wake()
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker()
  }

  /** imapflow's own log: warnings and errors only, passwords masked. */
  private imapflowLogger() {
    const forward = (level: 'warn' | 'error') => (entry: {msg?: string; err?: Error}) => {
      this.log.warn(`imapflow ${level}: ${this.mask(String(entry?.msg ?? ''))}`, entry?.err ? {error: this.messageOf(entry.err)} : undefined)
    }
    return {debug: () => undefined, info: () => undefined, warn: forward('warn'), error: forward('error')}
  }

  /** Any failure as an ImapSourceError naming the server without its password. */
  private toError(error: unknown): ImapSourceError {
    if (error instanceof ImapSourceError) return new ImapSourceError(this.maskText(error.said), error.reason)
    // imapflow's doSTARTTLS: true failed (no STARTTLS offered, a PREAUTH greeting, an injection): it
    // throws before LOGIN, so nothing was sent; a retry would meet the same server.
    if ((error as {tlsFailed?: boolean})?.tlsFailed && this.endpoint.requireTls) {
      return new ImapSourceError(tlsRequiredText(this.description, this.messageOf(error)), 'tls')
    }
    const e = (error ?? {}) as {authenticationFailed?: boolean; mailboxMissing?: boolean; serverResponseCode?: string}
    if (e.authenticationFailed) {
      return new ImapSourceError(text('mail.imapLoginRefused', {server: this.description, user: this.mask(this.endpoint.user), details: this.mask(this.loginDetailsOf(error))}), 'auth')
    }
    // RFC 5530 NONEXISTENT; imapflow marks a SELECT of a missing mailbox with mailboxMissing.
    const reason: ImapFailure = e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT' ? 'mailbox' : 'unavailable'
    return new ImapSourceError(text('mail.imapFailed', {server: this.description, cause: this.messageOf(error)}), reason)
  }

  /** What a failure says, in English, for logs and as the cause a message quotes (the server's own words stay as they are). */
  private messageOf(error: unknown): string {
    const e = (error ?? {}) as {message?: string; responseText?: string; code?: string; authenticationFailed?: boolean}
    if (e.authenticationFailed) return this.mask(`login refused for ${this.endpoint.user}${this.loginDetailsOf(error)}`)
    const said = e.responseText ? `${e.message ?? 'command failed'}: ${e.responseText}` : e.message ?? String(error)
    return this.mask(e.code && !said.includes(e.code) ? `${said} (${e.code})` : said)
  }

  /** The server's answer to a refused login and its code, each in parentheses, unmasked: ` (Authentication failed.) (AUTHENTICATIONFAILED)`. */
  private loginDetailsOf(error: unknown): string {
    const e = (error ?? {}) as {responseText?: string; code?: string}
    const answer = e.responseText ? ` (${e.responseText})` : ''
    const code = e.code && !`login refused for ${this.endpoint.user}${answer}`.includes(e.code) ? ` (${e.code})` : ''
    return answer + code
  }

  /** A message with every parameter masked (a mailbox or reference could, by chance, spell the password). */
  private maskText(said: LocalText): LocalText {
    const params = Object.fromEntries(Object.entries(said.params ?? {}).map(([name, value]) => [name, typeof value === 'string' ? this.mask(value) : value]))
    return {key: said.key, params}
  }

  /** Never echo the URL's password (SPEC §7): plain, percent-encoded, or in any URL's userinfo. */
  private mask(text: string): string {
    let masked = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s/?#@]*)@/gi, '$1:***@')
    for (const secret of this.secrets) masked = masked.split(secret).join('***')
    return masked
  }
}
