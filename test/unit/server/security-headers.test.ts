/**
 * The desk server's security headers and request ids (src/server/app.ts), in process: helmet's
 * middleware is built once there instead of by @fastify/helmet at every request, so every answer must
 * carry exactly the headers @fastify/helmet sets with its default options — here on a bare Fastify app
 * with the plugin, answering the same requests; and each request still gets an id of its own.
 */
import {expect} from 'chai'
import Fastify, {type FastifyInstance} from 'fastify'
import type {DeskContext} from '../../../src/app/context'
import {buildDeskServer} from '../../../src/server/app'

/** What both servers set whatever helmet does: not the security headers under test. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'www-authenticate'])

function securityHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN_HEADERS.has(name) && !name.startsWith('x-ratelimit-')))
}

describe('the desk server\'s security headers and request ids (src/server/app.ts)', () => {
  let desk: FastifyInstance
  let reference: FastifyInstance
  const ids: string[] = []

  before(async () => {
    // Building registers the routes and reads nothing of the desk but its lock period; the requests below need no store.
    const ctx = {config: {lockMinutes: 15}} as unknown as DeskContext
    desk = await buildDeskServer(ctx, {
      host: '127.0.0.1', port: 0, tls: null, loginHours: 12, rateLimitPerMinute: 100_000, loginAddressLimit: 30, trustProxy: null, bodyLimit: 1 << 20,
    }, {log: false})
    desk.addHook('onRequest', async request => { ids.push(request.id) })
    const {default: helmet} = await import('@fastify/helmet')
    reference = Fastify()
    await reference.register(helmet, {global: true})
    reference.get('/healthz', async () => ({status: 'ok'}))
    await Promise.all([desk.ready(), reference.ready()])
  })

  after(async () => {
    await Promise.all([desk?.close(), reference?.close()])
  })

  it('sets on every answer (a success, a 404, a 401) exactly the headers @fastify/helmet sets', async () => {
    const expected = securityHeaders((await reference.inject({method: 'GET', url: '/healthz'})).headers)
    expect(Object.keys(expected)).to.include.members(['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options'])
    for (const [url, status] of [['/healthz', 200], ['/no/such/route', 404], ['/api/v1/applications/2600001C', 401]] as const) {
      const answer = await desk.inject({method: 'GET', url})
      expect(answer.statusCode, url).to.equal(status)
      expect(securityHeaders(answer.headers), url).to.deep.equal(expected)
    }
  })

  it('gives each request an id of its own: 16 hex digits, none twice over more than one pool of them', async () => {
    ids.length = 0
    for (let i = 0; i < 1100; i++) await desk.inject({method: 'GET', url: '/healthz'})
    expect(ids).to.have.length(1100)
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{16}$/)
    expect(new Set(ids).size).to.equal(ids.length)
  })
})
