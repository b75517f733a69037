/**
 * One raw request to a desk server of the tests (issue 12), as a client other than the CLI would send
 * it: node:https trusting only the test CA (or node:http for a server on loopback), nothing added but
 * the headers given, the body sent as it is. The answer's status, headers and body exactly as received.
 */
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import {testCa, TestServer} from './server'

export interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  /** The body's text, byte for byte. */
  body: string
  /** The body parsed, when it is JSON. */
  json: any
}

export interface RawRequest {
  headers?: Record<string, string | number>
  /** Sent as it is; a string or a Buffer. */
  body?: string | Buffer
  /** Send the body in chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean
  /** The client's own address (any of 127.0.0.0/8 on loopback): how the tests are several clients. */
  localAddress?: string
}

/** Sends `method path` to `server` and resolves with its answer (rejects when no answer came). */
export function rawRequest(server: Pick<TestServer, 'url'>, method: string, path: string, request: RawRequest = {}): Promise<RawAnswer> {
  const target = new URL(path, server.url)
  const headers: Record<string, string | number> = {...request.headers}
  if (request.body !== undefined && !request.chunked) headers['content-length'] = Buffer.byteLength(request.body)
  const options: https.RequestOptions = {method, headers, agent: false, ...(request.localAddress ? {localAddress: request.localAddress} : {})}
  const transport = target.protocol === 'https:' ? https : http
  if (target.protocol === 'https:') options.ca = fs.readFileSync(testCa().caFile)
  return new Promise((resolve, reject) => {
    const req = transport.request(target, options, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try {
          json = JSON.parse(body)
        } catch {
          json = undefined
        }
        resolve({status: res.statusCode ?? 0, headers: res.headers, body, json})
      })
    })
    // The server may answer (413) and close before it has read the whole body: the answer counts, not the write.
    req.on('error', reject)
    if (request.body === undefined) {
      req.end()
    } else if (request.chunked) {
      const body = Buffer.from(request.body)
      const size = 64 * 1024
      let offset = 0
      const writeMore = (): void => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + size)
          offset += size
          if (!req.write(chunk)) return void req.once('drain', writeMore)
        }
        req.end()
      }
      writeMore()
    } else {
      req.end(request.body)
    }
  })
}
