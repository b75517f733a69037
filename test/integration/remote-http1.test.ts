/**
 * The remote CLI's one HTTP/1.1 exchange (src/cli/remote/http1.ts) against real sockets on loopback:
 * servers that answer in the ways RFC 9112 allows (Content-Length, chunked, to the end of the
 * connection, with interim answers, in bytes cut anywhere) and in ways it does not; and over TLS with the
 * test CA, where the certificate and the host name are verified before the request is written.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as tls from 'node:tls'
import {exchange, ExchangeError, type Exchange} from '../../src/cli/remote/http1'
import {createTestCa} from '../support/test-ca'
import {tempHome} from '../support/cli'
import {testCa} from '../support/server'

/** A server that reads one request head and writes `answer` in the given pieces, with a pause between them. */
async function scriptedServer(answer: (string | Buffer)[], options: {close?: boolean; host?: string} = {}, secure?: tls.TlsOptions) {
  const requests: string[] = []
  const onConnection = (socket: net.Socket) => {
    let received = ''
    socket.on('data', async chunk => {
      received += chunk.toString('latin1')
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(received)?.[1] ?? 0)
      if (received.length < end + 4 + length) return
      requests.push(received)
      received = ''
      for (const piece of answer) {
        socket.write(piece)
        await new Promise(resolve => setTimeout(resolve, 5))
      }
      if (options.close !== false) socket.end()
    })
    socket.on('error', () => {})
  }
  const server = secure ? tls.createServer(secure, onConnection) : net.createServer(onConnection)
  await new Promise<void>(resolve => server.listen(0, options.host ?? '127.0.0.1', resolve))
  const {port} = server.address() as net.AddressInfo
  return {
    port, requests,
    close: () => new Promise<void>(resolve => {
      server.close(() => resolve())
    }),
  }
}

const request = (port: number, extra: Partial<Exchange> = {}): Exchange => ({
  method: 'GET', url: new URL(`http://127.0.0.1:${port}/api/v1/applications/X?a=1`), headers: {accept: 'application/json'}, timeoutMs: 5_000, ...extra,
})

async function failureOf(promise: Promise<unknown>): Promise<ExchangeError> {
  try {
    await promise
  } catch (error) {
    expect(error).to.be.instanceOf(ExchangeError)
    return error as ExchangeError
  }
  throw new Error('the exchange did not fail')
}

describe('the remote CLI\'s HTTP/1.1 exchange (src/cli/remote/http1.ts)', function () {
  this.timeout(30_000)

  it('writes one request with Host, its headers, Connection: close and a Content-Length for its body', async () => {
    const server = await scriptedServer(['HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}'])
    try {
      const answer = await exchange(request(server.port, {method: 'POST', headers: {'content-type': 'application/json'}, body: Buffer.from('{"a":"å"}')}))
      expect(answer.status).to.equal(201)
      const [head, body] = server.requests[0].split('\r\n\r\n')
      const lines = head.split('\r\n')
      expect(lines[0]).to.equal('POST /api/v1/applications/X?a=1 HTTP/1.1')
      expect(lines.slice(1)).to.have.members([`host: 127.0.0.1:${server.port}`, 'content-type: application/json', 'connection: close', `content-length: ${Buffer.byteLength('{"a":"å"}')}`])
      expect(Buffer.from(body, 'latin1').toString('utf8')).to.equal('{"a":"å"}')
    } finally {
      await server.close()
    }
  })

  it('reads a body framed by Content-Length, in pieces cut anywhere, and the first of a repeated field', async () => {
    const answer = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nNss-Warning: first\r\nnss-warning: second\r\nContent-Length: ${Buffer.byteLength('{"a":"あ"}')}\r\n\r\n{"a":"あ"}`
    const bytes = Buffer.from(answer, 'utf8')
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 60), bytes.subarray(60, bytes.length - 3), bytes.subarray(bytes.length - 3)]
    const server = await scriptedServer(pieces, {close: false})
    try {
      const got = await exchange(request(server.port))
      expect(got.status).to.equal(200)
      expect(got.headers.get('nss-warning')).to.equal('first')
      expect(got.body.toString('utf8')).to.equal('{"a":"あ"}')
    } finally {
      await server.close()
    }
  })

  it('reads a chunked body with extensions and trailers, past an interim 100 answer', async () => {
    const server = await scriptedServer(['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{"a"', '\r\n', '5\r\n:"bc"\r\n1\r\n}\r\n0\r\nTrailer: t\r\n\r\n'], {close: false})
    try {
      const got = await exchange(request(server.port))
      expect(got.status).to.equal(200)
      expect(got.body.toString()).to.equal('{"a":"bc"}')
    } finally {
      await server.close()
    }
  })

  it('reads a body to the end of the connection when nothing frames it, and an empty 204', async () => {
    const toEnd = await scriptedServer(['HTTP/1.0 200 OK\r\n\r\n{"a":', '1}'])
    const empty = await scriptedServer(['HTTP/1.1 204 No Content\r\n\r\n'], {close: false})
    try {
      expect((await exchange(request(toEnd.port))).body.toString()).to.equal('{"a":1}')
      const got = await exchange(request(empty.port))
      expect([got.status, got.body.length]).to.deep.equal([204, 0])
    } finally {
      await toEnd.close()
      await empty.close()
    }
  })

  it('fails at the answer when it ends early, is not HTTP, or has a malformed field, length, chunk or coding', async () => {
    const broken = [
      ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a"'],
      ['SMTP 220 ready\r\n\r\n'],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'],
      ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'],
      ['HTTP/1.1 200 OK\r\n', 'x'.repeat(70 * 1024)],
    ]
    for (const answer of broken) {
      const server = await scriptedServer(answer)
      try {
        const error = await failureOf(exchange(request(server.port)))
        expect(error.stage, answer[0]).to.equal('answer')
      } finally {
        await server.close()
      }
    }
  })

  it('fails at the connection when nothing listens, when the server closes without answering, and when it is silent too long', async () => {
    const unused = net.createServer()
    await new Promise<void>(resolve => unused.listen(0, '127.0.0.1', resolve))
    const {port} = unused.address() as net.AddressInfo
    await new Promise(resolve => unused.close(resolve))
    const refused = await failureOf(exchange(request(port)))
    expect([refused.stage, refused.code]).to.deep.equal(['connect', 'ECONNREFUSED'])

    const closing = await scriptedServer([])
    const silent = await scriptedServer([], {close: false})
    try {
      const closed = await failureOf(exchange(request(closing.port)))
      expect([closed.stage, closed.code]).to.deep.equal(['connect', 'ECONNRESET'])
      const timedOut = await failureOf(exchange(request(silent.port, {timeoutMs: 200})))
      expect([timedOut.stage, timedOut.code]).to.deep.equal(['connect', 'ETIMEDOUT'])
    } finally {
      await closing.close()
      await silent.close()
    }
  })

  it('refuses, unsent, a header value that would split the request', async () => {
    const server = await scriptedServer(['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'])
    try {
      const refused: Record<string, string>[] = [{authorization: 'Bearer a\r\nx-injected: 1'}, {'bad name': 'x'}, {'x-nul': 'a\u0000b'}]
      for (const headers of refused) {
        let error: unknown
        try {
          await exchange(request(server.port, {headers}))
        } catch (caught) {
          error = caught
        }
        expect(error).to.be.instanceOf(TypeError)
      }
      expect(server.requests).to.deep.equal([])
    } finally {
      await server.close()
    }
  })

  describe('over TLS', () => {
    const ca = testCa()
    const secure = () => ({cert: fs.readFileSync(ca.certFile), key: fs.readFileSync(ca.keyFile)})
    const https = (port: number, host = '127.0.0.1', extra: Partial<Exchange> = {}) =>
      request(port, {url: new URL(`https://${host}:${port}/api/v1/session`), ca: fs.readFileSync(ca.caFile), ...extra})

    it('verifies the certificate against the CA given and the host name, by address and by name, and keeps the session for resumption', async () => {
      const server = await scriptedServer(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'], {}, secure())
      try {
        const sessions: Buffer[] = []
        const first = await exchange(https(server.port, '127.0.0.1', {onSession: session => sessions.push(session)}))
        expect([first.status, first.resumed]).to.deep.equal([200, false])
        expect(sessions.length).to.be.greaterThan(0)
        const byName = await exchange(https(server.port, 'localhost'))
        expect(byName.status).to.equal(200)
        expect(server.requests[1]).to.include(`host: localhost:${server.port}\r\n`)
        const resumed = await exchange(https(server.port, '127.0.0.1', {ca: [], session: sessions.at(-1)}))
        expect([resumed.status, resumed.resumed]).to.deep.equal([200, true])
      } finally {
        await server.close()
      }
    })

    it('writes nothing to a server whose certificate another CA signed, or whose name is not the one called', async () => {
      const other = createTestCa(tempHome())
      const impostor = await scriptedServer(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'], {}, {cert: fs.readFileSync(other.certFile), key: fs.readFileSync(other.keyFile)})
      const server = await scriptedServer(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'], {}, secure())
      const misnamedServer = await scriptedServer(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'], {host: '127.0.0.2'}, secure())
      try {
        const untrusted = await failureOf(exchange(https(impostor.port)))
        expect([untrusted.stage, untrusted.code]).to.deep.equal(['connect', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])
        const noRoots = await failureOf(exchange(https(server.port, '127.0.0.1', {ca: []})))
        expect(noRoots.stage).to.equal('connect')
        // The certificate names 127.0.0.1 and localhost, not 127.0.0.2 (loopback too, on Linux).
        const misnamed = await failureOf(exchange(https(misnamedServer.port, '127.0.0.2')))
        expect([misnamed.stage, misnamed.code]).to.deep.equal(['connect', 'ERR_TLS_CERT_ALTNAME_INVALID'])
        expect(impostor.requests).to.deep.equal([])
        expect(server.requests).to.deep.equal([])
        expect(misnamedServer.requests).to.deep.equal([])
      } finally {
        await impostor.close()
        await server.close()
        await misnamedServer.close()
      }
    })
  })
})
