/**
 * The desk server (issue 12): an HTTPS JSON API in front of the use cases the CLI and the mail bot
 * call, so that the store, secret.key and the mail stay on the desk's host and offices and reviewers
 * act from anywhere with a token. One more entry point beside the CLI and the daemon (STYLE: the
 * folders show the architecture): it authenticates, builds the operation of a route (routes.ts) and
 * runs it (src/app/desk-operations.ts) — nothing here decides what an office may do.
 *
 * - The principal comes from the `Authorization: Bearer nssd_…` token alone (src/app/api-token.ts); a
 *   read-only token is refused every change (403, exit 4).
 * - Errors are the CLI's JSON error (`{"error": {code, message, issues}}`) with the HTTP status of its
 *   exit code (src/api/http.ts).
 * - Bodies are JSON only, parsed by the desk's strict parser (a syntax error names body:line:column),
 *   at most the CLI's input cap; no CORS; JSON logs with a request id, never a header or a body.
 * - After a change has committed its new mails are tried once, as the CLI does; what was not sent comes
 *   back in the Nss-Warning header.
 */
import type {FastifyError, FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import {randomBytes} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {actorName, type Actor} from '../app/actor'
import {actorOfPrincipal, hashApiToken, isWellFormedApiToken, type ApiTokenPrincipal, type CheckedApiToken} from '../app/api-token'
import type {DeskContext} from '../app/context'
import type {PasswordChange} from '../app/change-password.use-case'
import {CHANGING_VERBS, runOperation, type Verb} from '../app/desk-operations'
import {JsonSyntaxError, lineAndColumn, parseJsonWithLocations} from '../app/located-json'
import {withoutControlCharacters} from '../domain/control-characters'
import {AuthError, DeskError, InfrastructureError, InvalidInputError, NotFoundError, PermissionError, RateLimitedError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {ACTING_AS_HEADER, API_PREFIX, decodeActingAs, encodeWarnings, PASSWORD_PATH, statusOfErrorCode, WARNING_HEADER} from '../api/http'
import {LoginThrottle} from './login-throttle'
import {loginBody, OPERATION_ROUTES, parseRequestPart, passwordChangeBody} from './routes'
import type {ErrorBody, HealthAnswer, LoginAnswer, SessionAnswer} from './schemas'
import type {ServerSettings} from './settings'
import type {Locale} from '../domain/vocabulary'
import {localeOfAcceptLanguage} from './accept-language'

declare module 'fastify' {
  interface FastifyRequest {
    principal?: ApiTokenPrincipal
    /** Who asked, read when the request came (a socket closed by the time of the answer no longer says). */
    client?: {address: string; port: number | undefined}
    /** The SHA-256 of the request's token once it was found well-formed (the rate limiter's key): hashed once a request. */
    wellFormedTokenHash?: string
  }
}

export interface DeskServerOptions {
  /** Where log lines go (JSON, one per line); default stdout. */
  logStream?: NodeJS.WritableStream
  /** False: no log at all (tests of the app in process). */
  log?: boolean
}

/** The JSON error body, as the CLI prints it with --json. */
function errorBody(error: DeskError, locale: Locale): ErrorBody {
  const said = error.in(locale)
  return {
    error: {
      code: error.code,
      message: withoutControlCharacters(said.message),
      issues: said.issues.map(i => ({path: withoutControlCharacters(i.path), message: withoutControlCharacters(i.message)})),
    },
  }
}

/**
 * The language an error is said in to this request's reader: its Accept-Language, else Japanese, as
 * the local CLI says errors without NSS_LOCALE (what the office's language decides, validation, is the
 * use case's: ctx.readerLocale).
 */
function errorLocaleOf(request: FastifyRequest): Locale {
  return localeOfAcceptLanguage(request.headers['accept-language']) ?? 'ja'
}

/** The token of an `Authorization: Bearer …` header; undefined without one, null for a header of another form. */
function tokenOfHeader(header: string | undefined): string | undefined | null {
  if (!header) return undefined
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null
}

function bearerToken(request: FastifyRequest): string | undefined {
  const token = tokenOfHeader(request.headers.authorization)
  if (token === null) throw new AuthError(text('server.authorizationForm'))
  return token
}

/**
 * Request ids: 16 hex digits of randomness each, cut from one randomBytes call for 512 requests (a
 * call for each request cost more than the rest of its id; docs/performance.md).
 */
function requestIds(): () => string {
  let pool = Buffer.alloc(0)
  let offset = 0
  return () => {
    if (offset === pool.length) {
      pool = randomBytes(8 * 512)
      offset = 0
    }
    offset += 8
    return pool.toString('hex', offset - 8, offset)
  }
}

/** Builds the server (not listening yet): `ctx` is the desk this process serves, for every request. */
export async function buildDeskServer(ctx: DeskContext, settings: ServerSettings, options: DeskServerOptions = {}): Promise<FastifyInstance> {
  const {default: Fastify, LogController} = await import('fastify')
  // One line a request, written when it is answered, not Fastify's two (`incoming request` and
  // `request completed`): the log was a fifth of a status request's CPU (docs/performance.md). The line
  // says what was asked (the req serializer below), what was answered, in how many milliseconds, and for
  // whom once a token said so.
  class OneLineARequest extends LogController {
    override incomingRequest(): void {}
    override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
      const line = {req: request, res: reply, responseTime: reply.elapsedTime, ...(request.principal ? {principal: principalName(request.principal)} : {})}
      if (error) request.log.error({...line, err: error}, 'request errored')
      else request.log.info(line, 'request completed')
    }
  }
  // The log goes to stdout without waiting for the disk: process.stdout writes each line with a
  // write(2) of its own before the next request is read (to a file, a pipe or journald alike), about
  // 7 % of a status request's CPU (docs/performance.md). pino's destination (sonic-boom; the pino
  // Fastify uses) writes in the background, the lines that came meanwhile in one write, in order.
  // What is not written yet pino writes at exit (process.exit too); a kill -9 can lose the last
  // milliseconds of lines, never anything of the store (the audit trail is in the store).
  const {createRequire} = await import('node:module')
  const fastifyRequire = createRequire(require.resolve('fastify'))
  const logStream = options.logStream ?? (fastifyRequire('pino') as typeof import('pino')).destination({dest: 1, sync: false})
  const app = Fastify({
    ...(settings.tls ? {https: {cert: settings.tls.cert, key: settings.tls.key, minVersion: 'TLSv1.2' as const}} : {}),
    logger: options.log === false ? false : {
      level: 'info',
      stream: logStream,
      // pino's request serializer: method, url, host, remote address and port; never a header (the token) or a body (a password).
      redact: {paths: ['req.headers', 'headers', 'body', 'password', 'token'], remove: true},
      // The query string's values are not logged (a client could put anything there); its names are.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method, url: withoutQueryValues(request.url), host: request.host,
          remoteAddress: request.client?.address ?? request.ip, remotePort: request.client?.port ?? request.socket?.remotePort,
        }),
      },
    },
    bodyLimit: settings.bodyLimit,
    logController: new OneLineARequest(),
    // The request id is the server's own; a client's X-Request-Id is not taken (it could forge log lines' ids).
    requestIdHeader: false,
    genReqId: requestIds(),
    // NSS_TRUST_PROXY: the addresses of a reverse proxy whose X-Forwarded-For is believed (else none).
    trustProxy: settings.trustProxy ?? false,
    // While stopping, new requests get the desk's own 503 (the onRequest hook below), not Fastify's.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance

  // What the desk keeps on a request, declared so that every request has the same shape (Fastify's advice:
  // a property added to some requests only slows them all down).
  app.decorateRequest('principal', undefined)
  app.decorateRequest('client', undefined)
  app.decorateRequest('wellFormedTokenHash', undefined)

  // JSON only, parsed by the desk's strict parser: duplicate keys and the like are refused as for a CLI file.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json'], {parseAs: 'string'}, (_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
    const json = String(body).replace(/^\uFEFF/, '')
    if (json.trim() === '') return done(null, undefined)
    try {
      done(null, parseJsonWithLocations(json).value)
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) return done(error as Error)
      const {line, column} = lineAndColumn(json, error.offset)
      const where = `body:${line}:${column}`
      done(new InvalidInputError(text('server.bodyNotJson', {where, reason: error.text}), [{path: where, message: error.text}]))
    }
  })

  // helmet's security headers on every answer, as @fastify/helmet sets them with its default options,
  // taken once from its middleware (headersSetBy): @fastify/helmet 13 builds helmet() anew for every
  // request, about a tenth of a status request's CPU (docs/performance.md). The helmet is the one
  // @fastify/helmet depends on; test/unit/server/security-headers.test.ts compares the headers with the plugin's.
  const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as typeof import('helmet').default
  const securityHeaders = headersSetBy(helmet())
  // Prometheus (issue 15): every answer's latency by route pattern, never by URL (no receipt numbers as labels).
  const {createMetrics} = require('./metrics') as typeof import('./metrics')
  const metrics = createMetrics(ctx)
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  // Every request: who asked (for its log line), the security headers, and graceful shutdown
  // (commands/serve.ts): from the first moment of close() on, a new request is refused with the desk's
  // error; those in flight finish. A callback hook: an async one costs a promise a request.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', (request, reply, done) => {
    request.client = {address: request.ip, port: request.socket?.remotePort}
    reply.headers(securityHeaders)
    if (!closing) return done()
    reply.header('connection', 'close')
    done(new InfrastructureError(text('server.stopping')))
  })
  if (settings.rateLimitPerMinute > 0) {
    const {default: rateLimit} = await import('@fastify/rate-limit')
    await app.register(rateLimit, {
      max: settings.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per token when a well-formed one is shown (by its hash: the key is no secret), else per client
      // address: a client making up tokens is counted by its address.
      keyGenerator: request => {
        const token = tokenOfHeader(request.headers.authorization)
        if (!token || !isWellFormedApiToken(token)) return `a:${clientKey(request.client?.address ?? request.ip)}`
        request.wellFormedTokenHash = hashApiToken(token)
        return `t:${request.wellFormedTokenHash}`
      },
      errorResponseBuilder: (_request, context) => Object.assign(
        new RateLimitedError(text('server.rateLimited', {max: context.max, seconds: Math.ceil(context.ttl / 1000)})),
        {statusCode: 429},
      ),
    })
  }

  app.setErrorHandler(async (error: FastifyError | DeskError, request: FastifyRequest, reply: FastifyReply) => {
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drainRequest(request.raw, DRAIN_MAX_BYTES, DRAIN_MAX_MS)
    const desk = toDeskError(error, settings)
    if (!desk) {
      logOf(request).error({err: {type: error.name, message: error.message, stack: error.stack}}, 'unexpected error')
      // The details are in the log, under the request id; the client is not told the server's internals.
      const {message} = require('../domain/messages') as typeof import('../domain/messages')
      const said = message(errorLocaleOf(request), 'server.unexpected', {requestId: String(request.id)})
      return reply.code(500).send({error: {code: 'unexpected', message: said, issues: []}} satisfies ErrorBody)
    }
    const status = (error as {statusCode?: number}).statusCode === 413 ? 413
      : (error as {statusCode?: number}).statusCode === 415 ? 415
        : statusOfErrorCode(desk.code)
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="nss-desk"')
    return reply.code(status).send(errorBody(desk, errorLocaleOf(request)))
  })
  app.setNotFoundHandler((request, reply) => {
    const noRoute = new NotFoundError(text('server.noRoute', {method: request.method, path: request.url.split('?')[0]}))
    reply.code(404).send(errorBody(noRoute, errorLocaleOf(request)))
  })

  // --- authentication: every /api/v1 route but the document and the login.
  /** The request's token, or 401 without one. */
  const presentedToken = (request: FastifyRequest): string => {
    const token = bearerToken(request)
    if (token === undefined) throw new AuthError(text('server.noToken'))
    return token
  }
  /** The token's principal becomes the request's, unless the command line named another actor (Nss-Acting-As: --office / --reviewer). */
  const admit = (request: FastifyRequest, principal: ApiTokenPrincipal): ApiTokenPrincipal => {
    request.principal = principal
    const header = request.headers[ACTING_AS_HEADER]
    const actingAs = typeof header === 'string' ? decodeActingAs(header) : undefined
    if (actingAs !== undefined && actingAs !== principalName(principal)) {
      throw new PermissionError(text('server.actingAsOther', {principal: principalName(principal), actingAs}))
    }
    return principal
  }
  const authenticate = async (request: FastifyRequest): Promise<ApiTokenPrincipal> => {
    const token = presentedToken(request)
    const {authenticateApiToken} = await import('../app/api-token')
    return admit(request, await authenticateApiToken(ctx, token))
  }
  /**
   * A read: the token is checked and the answer read in one snapshot (one read transaction instead of
   * two: docs/performance.md); the token's use is recorded after it, as authenticateApiToken does.
   */
  const {checkApiToken, recordApiTokenUse} = require('../app/api-token') as typeof import('../app/api-token')
  const {insideSnapshot} = require('../store/store') as typeof import('../store/store')
  const authenticatedRead = async <T>(request: FastifyRequest, read: (principal: ApiTokenPrincipal, desk: DeskContext) => Promise<T>): Promise<T> => {
    const token = presentedToken(request)
    const now = ctx.clock.now()
    let checked: CheckedApiToken | undefined
    let result: T
    try {
      result = await ctx.store.snapshot(async reads => {
        checked = await checkApiToken(reads, token, now, request.wellFormedTokenHash ? {wellFormedHash: request.wellFormedTokenHash} : undefined)
        return read(admit(request, checked.principal), {...ctx, store: insideSnapshot(ctx.store, reads)})
      })
    } catch (error) {
      // A refused read used its token all the same; the refusal is the answer, whatever the bookkeeping says.
      if (checked) await recordApiTokenUse(ctx, checked, now).catch(() => undefined)
      throw error
    }
    if (checked) await recordApiTokenUse(ctx, checked, now)
    return result
  }

  for (const route of OPERATION_ROUTES) {
    const changes = CHANGING_VERBS.has(route.verb)
    const readsInOneSnapshot = SNAPSHOT_VERBS.has(route.verb)
    app.route({
      method: route.method,
      url: route.url,
      // (No function is named inside a handler: the bundle's keepNames would name it anew on every request.)
      handler: async (request, reply) => {
        const readerLocale = localeOfAcceptLanguage(request.headers['accept-language'])
        if (readsInOneSnapshot) {
          const result = await authenticatedRead(request, (principal, desk) =>
            runOperation(withReaderLocale(desk, readerLocale), actorOfPrincipal(principal), operationOfRequest(route, request)))
          reply.code(route.status)
          return result
        }
        const principal = await authenticate(request)
        if (changes && principal.readOnly) throw new PermissionError(text('server.readOnlyToken'))
        const operation = operationOfRequest(route, request)
        const result = await runOperation(withReaderLocale(ctx, readerLocale), actorOfPrincipal(principal), operation)
        const receiptNo = (result as {receiptNo?: string}).receiptNo
        // A change of authorised senders has no receipt number: its one mail, to the 管理責任者, by its row.
        const noticeMailId = (result as {noticeMailId?: number | null}).noticeMailId
        if (changes && (receiptNo || noticeMailId)) {
          const {sendNewMailsNow} = await import('../app/send-now')
          const warnings = await sendNewMailsNow(ctx, receiptNo ? {receiptNo} : {rowIds: [noticeMailId as number]}, readerLocale ?? 'ja')
          if (warnings.said.length > 0) {
            reply.header(WARNING_HEADER, encodeWarnings(warnings.said))
            logOf(request).warn({warnings: warnings.logged}, 'mail not sent at once')
          }
        }
        reply.code(route.status)
        return result
      },
    })
  }

  // --- logins of people (nss login / nss logout / who am I).
  const throttle = new LoginThrottle(settings.loginAddressLimit, ctx.config.lockMinutes * 60_000)
  app.post(`${API_PREFIX}/sessions`, async (request, reply): Promise<LoginAnswer> => {
    const body = parseRequestPart(loginBody, 'body', request.body)
    const credentials = body.office !== undefined
      ? {kind: 'office' as const, id: body.office, password: body.password}
      : {kind: 'reviewer' as const, id: body.reviewer as string, password: body.password}
    const {authenticate: checkPassword, loginRefusal, spendOneCheck} = await import('../app/authenticate')
    if (!throttle.begin(clientKey(request.ip))) {
      await spendOneCheck(credentials.password)
      request.log.warn('login refused: too many failed logins from this address')
      throw loginRefusal(ctx, credentials)
    }
    let actor: Actor
    try {
      actor = await checkPassword(ctx, credentials)
    } catch (error) {
      throttle.end(clientKey(request.ip), error instanceof AuthError)
      throw error
    }
    throttle.end(clientKey(request.ip), false)
    const {createLoginToken} = await import('../app/api-token')
    const created = await createLoginToken(ctx, actor, {hours: settings.loginHours, from: request.ip})
    request.log.info({principal: actorName(actor), tokenId: created.id}, 'login')
    reply.code(201)
    return {...created, principal: actor}
  })
  app.get(`${API_PREFIX}/session`, async (request): Promise<SessionAnswer> => {
    const principal = await authenticate(request)
    return {principal: actorOfPrincipal(principal), readOnly: principal.readOnly, tokenId: principal.tokenId, expiresAt: principal.expiresAt}
  })
  // nss passwd: the token says whose password, and the current password is checked all the same, as a
  // login (the account's lock, and this address's throttle): a stolen token alone changes nothing.
  app.post(PASSWORD_PATH, async request => {
    const principal = await authenticate(request)
    if (principal.readOnly) throw new PermissionError(text('server.readOnlyToken'))
    const body = parseRequestPart(passwordChangeBody, 'body', request.body)
    const {loginRefusal, spendOneCheck} = await import('../app/authenticate')
    const actor = actorOfPrincipal(principal)
    if (!throttle.begin(clientKey(request.ip))) {
      await spendOneCheck(body.currentPassword)
      request.log.warn('password change refused: too many failed logins from this address')
      throw loginRefusal(ctx, {kind: actor.kind, id: actor.kind === 'office' ? actor.code : actor.id})
    }
    let change: PasswordChange
    try {
      change = await runOperation(ctx, actor, {verb: 'passwd', ...body, keepTokenId: principal.tokenId})
    } catch (error) {
      throttle.end(clientKey(request.ip), error instanceof AuthError)
      throw error
    }
    throttle.end(clientKey(request.ip), false)
    logOf(request).info({revokedLoginTokens: change.revokedLoginTokens}, 'password changed')
    return change
  })
  app.delete(`${API_PREFIX}/session`, async request => {
    const principal = await authenticate(request)
    const {revokeOwnToken} = await import('../app/api-token')
    return revokeOwnToken(ctx, principal)
  })

  // --- the document, liveness and readiness (no token: a load balancer asks).
  app.get(`${API_PREFIX}/openapi.json`, async () => {
    const {openApiDocument} = await import('./openapi')
    return openApiDocument()
  })
  app.get('/healthz', async (): Promise<HealthAnswer> => ({status: 'ok'}))
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.contentType)
    return metrics.render()
  })
  app.get('/readyz', async (request, reply) => {
    const {checkReadiness} = await import('./readiness')
    const report = await checkReadiness(ctx)
    if (!report.ready) {
      request.log.warn({checks: report.checks}, 'not ready')
      reply.code(503)
    }
    return report
  })
  return app
}

/** The operation a request asks for (routes.ts checks its parts). */
function operationOfRequest(route: (typeof OPERATION_ROUTES)[number], request: FastifyRequest): ReturnType<(typeof OPERATION_ROUTES)[number]['toOperation']> {
  return route.toOperation({
    params: request.params as Record<string, string>, query: request.query as Record<string, unknown>,
    body: request.body, headers: request.headers,
  })
}

/** The desk as a request's use case sees it: errors of validation in the reader's language when it asked for one. */
function withReaderLocale(desk: DeskContext, readerLocale: Locale | undefined): DeskContext {
  return readerLocale ? {...desk, readerLocale} : desk
}

/**
 * The verbs whose use cases read through the store's snapshots alone (status.use-case.ts): the server
 * checks their token in the same snapshot. The others (a viewing of passwords records itself, a dry run
 * reads through TypeORM) check it in a snapshot of its own first.
 */
const SNAPSHOT_VERBS: ReadonlySet<Verb> = new Set<Verb>(['show', 'list'])

/** How much of a body too large the server reads (and drops) before it answers 413: see drainRequest. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024
const DRAIN_MAX_MS = 10_000

/**
 * Reads and drops the rest of a request body refused as too large, before the 413 is sent. Fastify
 * answers a Content-Length over the limit at once and closes the connection; the client is still
 * sending, so closing with its bytes unread makes the server's TCP stack reset the connection, and
 * the client often gets EPIPE or ECONNRESET instead of the answer (the CLI then said "cannot reach
 * the desk server", exit 6, instead of exit 2). Read at most `maxBytes` more (a body declared larger is
 * not read at all) and for at most `ms`: beyond that the connection is closed, as before.
 */
function drainRequest(raw: IncomingMessage, maxBytes: number, ms: number): Promise<void> {
  const declared = Number(raw.headers['content-length'])
  if (raw.complete || raw.destroyed || declared > maxBytes) return Promise.resolve()
  return new Promise(resolve => {
    let received = 0
    const done = () => {
      clearTimeout(timer)
      raw.off('data', onData).off('end', done).off('error', done).off('close', done)
      resolve()
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) done()
    }
    const timer = setTimeout(done, ms)
    raw.on('data', onData).once('end', done).once('error', done).once('close', done)
    raw.resume()
  })
}

/**
 * The headers a helmet middleware sets, taken once: with its default options they are the same for
 * every answer (no nonce, nothing read from the request), so they are set as one object per request
 * instead of running its fifteen middlewares (test/unit/server/security-headers.test.ts compares them
 * with @fastify/helmet's).
 */
function headersSetBy(middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  let finished = false
  middleware({headers: {}} as IncomingMessage, recorder as unknown as ServerResponse, error => {
    if (error) throw error
    finished = true
  })
  if (!finished) throw new Error('helmet did not set its headers at once')
  return headers
}

/** `office:CODE` or `reviewer:ID`, as the log says who asked. */
function principalName(principal: ApiTokenPrincipal): string {
  return actorName(actorOfPrincipal(principal))
}

/**
 * The request's logger for a line of its own (a warning, an error): with the principal once a token
 * named one. Made when such a line is written, not for every request (a pino child costs a few
 * microseconds; the request's own line names the principal without one).
 */
function logOf(request: FastifyRequest): FastifyRequest['log'] {
  return request.principal ? request.log.child({principal: principalName(request.principal)}) : request.log
}

/** What a thrown value means to the client: a DeskError, or one of Fastify's own refusals as one. */
function toDeskError(error: FastifyError | DeskError, settings: ServerSettings): DeskError | undefined {
  if (error instanceof DeskError) return error
  const code = (error as FastifyError).code
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new InvalidInputError(text('server.bodyTooLarge', {limit: settings.bodyLimit}), [{path: 'body', message: text('server.issueTooLarge')}])
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new InvalidInputError(text('server.bodyNotJsonType'), [{path: 'Content-Type', message: text('server.issueJsonOnly')}])
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    // The issue is Fastify's own words (English), as for any other 400 of Fastify's below.
    return new InvalidInputError(text('server.bodyInvalidJson'), [{path: 'body', message: error.message}])
  }
  if ((error as FastifyError).statusCode === 400) return new InvalidInputError(error.message, [{path: 'request', message: error.message}])
  return undefined
}

/**
 * What the throttles count a client by: its IPv4 address, or the /64 of its IPv6 address (one host
 * usually has a whole /64 to pick addresses from).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]
  if (!ip.includes(':')) return ip
  const [head, tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map(g => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/** A URL as logged: the query's names kept, their values not. */
export function withoutQueryValues(url: string): string {
  const at = url.indexOf('?')
  if (at === -1) return url
  const names = url.slice(at + 1).split('&').filter(Boolean).map(pair => pair.split('=')[0])
  return `${url.slice(0, at)}?${names.map(name => `${name}=…`).join('&')}`
}
