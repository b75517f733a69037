/**
 * The remote CLI's TLS sessions (src/cli/remote/tls-sessions.ts, issue 12 point 4), against a real
 * `nss serve` over TLS with the test CA: a call resumes the session of an earlier one and then needs no
 * certificate; a session is taken only for the same origin, the same trust and the same token, from a
 * folder only its user can write; a server that does not take it is verified as before, and nothing
 * reaches a server that is not trusted. In process (src/cli/remote/client.ts `send`), and through the CLI.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as tls from 'node:tls'
import type {HttpRequest} from '../../src/api/http'
import {send, type ClientEndpoint} from '../../src/cli/remote/client'
import {tlsSessionFolder} from '../../src/cli/remote/tls-sessions'
import {DeskError} from '../../src/domain/errors'
import {nss, seededDesk, tempHome} from '../support/cli'
import {createToken, startServer, testCa, type TestServer} from '../support/server'
import {createTestCa} from '../support/test-ca'

const WHO_AM_I: HttpRequest = {method: 'GET', path: '/api/v1/session', headers: {}}

describe('the remote CLI keeps its TLS sessions (issue 12 point 4)', function () {
  this.timeout(120_000)
  let desk: ReturnType<typeof seededDesk>
  let server: TestServer
  let token: string
  let cache: string
  let endpoint: ClientEndpoint
  const saved = process.env.XDG_CACHE_HOME
  const sessionFiles = () => fs.existsSync(folder()) ? fs.readdirSync(folder()).filter(name => !name.endsWith('.tmp')) : []
  const folder = () => tlsSessionFolder()!
  /** The request lines the server logged: what reached it. */
  const requestsSeen = () => server.log().filter(line => line.includes('"request completed"')).length
  /**
   * The same once the server's log has caught up: it writes a request's line after the answer has left,
   * so a client that has its answer may read the log before the line is there. Waits (up to 2 s) for at
   * least `atLeast` lines, then a little longer, so that a line that should not be there is seen too.
   */
  const settledRequestsSeen = async (atLeast: number) => {
    for (const started = Date.now(); requestsSeen() < atLeast && Date.now() - started < 2_000;) await new Promise(resolve => setTimeout(resolve, 20))
    await new Promise(resolve => setTimeout(resolve, 200))
    return requestsSeen()
  }

  before(async () => {
    desk = seededDesk()
    server = await startServer(desk.home)
    token = createToken(desk.home, {office: 'NACCS01'}).token
    cache = tempHome()
    process.env.XDG_CACHE_HOME = cache
    endpoint = {url: new URL(server.url), token, caFile: testCa().caFile}
  })

  after(async () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME
    else process.env.XDG_CACHE_HOME = saved
    await server?.stop()
  })

  it('keeps the session of a call, private to its user, and resumes it on the next call without a certificate', async () => {
    const first = await send(endpoint, WHO_AM_I)
    expect(first.resumed).to.equal(false)
    expect(sessionFiles()).to.have.length(1)
    expect(fs.statSync(folder()).mode & 0o777).to.equal(0o700)
    expect(fs.statSync(path.join(folder(), sessionFiles()[0])).mode & 0o777).to.equal(0o600)
    const second = await send(endpoint, WHO_AM_I)
    expect(second.resumed).to.equal(true)
    expect(second.body).to.deep.equal(first.body)
    expect(second.body).to.nested.include({'principal.code': 'NACCS01'})
    // The token is in no file of the cache.
    for (const name of sessionFiles()) expect(fs.readFileSync(path.join(folder(), name)).includes(token)).to.equal(false)
  })

  it('never lets a session extend trust to another CA: a call trusting another CA is refused, sending nothing', async () => {
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
    const other = createTestCa(tempHome())
    const before = await settledRequestsSeen(0)
    const refused = await send({...endpoint, caFile: other.caFile}, WHO_AM_I).then(() => undefined, (error: unknown) => error)
    expect(refused).to.be.instanceOf(DeskError)
    expect((refused as DeskError).exitCode).to.equal(6)
    expect(await settledRequestsSeen(before), 'a request reached the server').to.equal(before)
  })

  it('takes a session only under the token it was kept with, and only from a file no one else can write', async () => {
    const other = createToken(desk.home, {office: 'NACCS01'}).token
    // The other token's call keeps its own session over the file: the first token's MAC no longer holds.
    await send({...endpoint, token: other}, WHO_AM_I)
    expect((await send({...endpoint, token: other}, WHO_AM_I)).resumed).to.equal(true)
    expect((await send(endpoint, WHO_AM_I)).resumed, 'a session kept under another token').to.equal(false)
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
    // A byte changed: not taken, and the call verifies the server as always.
    const file = path.join(folder(), sessionFiles()[0])
    const content = fs.readFileSync(file)
    content[content.length - 1] ^= 0xff
    fs.writeFileSync(file, content)
    expect((await send(endpoint, WHO_AM_I)).resumed, 'a changed session').to.equal(false)
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
    // A folder others may write: its sessions are not taken.
    fs.chmodSync(folder(), 0o777)
    try {
      expect((await send(endpoint, WHO_AM_I)).resumed, 'a session in a folder others can write').to.equal(false)
    } finally {
      fs.chmodSync(folder(), 0o700)
    }
  })

  it('refuses an impostor on the origin of a kept session (its certificate for the same name, of another CA), sending it nothing', async () => {
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
    const port = server.port
    await server.stop()
    const impostorCa = createTestCa(tempHome())
    const received: Buffer[] = []
    const impostor = tls.createServer({cert: fs.readFileSync(impostorCa.certFile), key: fs.readFileSync(impostorCa.keyFile)}, socket => {
      socket.on('data', chunk => received.push(chunk))
      socket.on('error', () => undefined)
    })
    await new Promise<void>(resolve => impostor.listen(port, '127.0.0.1', resolve))
    try {
      const refused = await send(endpoint, WHO_AM_I).then(() => undefined, (error: unknown) => error)
      expect(refused).to.be.instanceOf(DeskError)
      expect((refused as DeskError).exitCode).to.equal(6)
      expect(Buffer.concat(received).length, 'bytes the impostor received after the handshake').to.equal(0)
    } finally {
      await new Promise(resolve => impostor.close(resolve))
      server = await startServer(desk.home, {listen: `127.0.0.1:${port}`})
    }
  })

  it('verifies a restarted server as always when it no longer takes the session, the request reaching it once', async () => {
    await send(endpoint, WHO_AM_I)
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
    const port = server.port
    await server.stop()
    server = await startServer(desk.home, {listen: `127.0.0.1:${port}`})
    const before = await settledRequestsSeen(0)
    const answer = await send(endpoint, WHO_AM_I)
    expect(answer.resumed).to.equal(false)
    expect(answer.body).to.nested.include({'principal.code': 'NACCS01'})
    expect(await settledRequestsSeen(before + 1) - before).to.equal(1)
    expect((await send(endpoint, WHO_AM_I)).resumed).to.equal(true)
  })

  it('keeps sessions for the CLI too, and none with NSS_TLS_SESSIONS=off', () => {
    const env = (extra: Record<string, string>) => ({NSS_HOME: tempHome(), NSS_URL: server.url, NSS_TOKEN: token, NSS_CA_FILE: testCa().caFile, ...extra})
    const elsewhere = tempHome()
    for (let i = 0; i < 2; i++) {
      const status = nss(['status', '--json'], {env: env({XDG_CACHE_HOME: elsewhere})})
      expect(status.code, status.stderr).to.equal(0)
    }
    expect(fs.readdirSync(path.join(elsewhere, 'nss-desk', 'tls-sessions'))).to.have.length(1)
    const none = tempHome()
    const off = nss(['status', '--json'], {env: env({XDG_CACHE_HOME: none, NSS_TLS_SESSIONS: 'off'})})
    expect(off.code, off.stderr).to.equal(0)
    expect(fs.existsSync(path.join(none, 'nss-desk', 'tls-sessions'))).to.equal(false)
  })
})
