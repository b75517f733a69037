/**
 * The desk server's own errors in the reader's language (issue 13, src/server/app.ts), in process:
 * Japanese without Accept-Language (as the local CLI without NSS_LOCALE), English to `Accept-Language:
 * en` in the words scripts and logs read; codes, statuses and issue paths the same in both.
 */
import {expect} from 'chai'
import type {FastifyInstance} from 'fastify'
import type {DeskContext} from '../../../src/app/context'
import {buildDeskServer} from '../../../src/server/app'

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/

describe('the desk server\'s errors in the reader\'s language (src/server/app.ts)', () => {
  let desk: FastifyInstance

  before(async () => {
    // The requests below are refused before any use case: the desk needs no store.
    const ctx = {config: {lockMinutes: 15}} as unknown as DeskContext
    desk = await buildDeskServer(ctx, {
      host: '127.0.0.1', port: 0, tls: null, loginHours: 12, rateLimitPerMinute: 100_000, loginAddressLimit: 30, trustProxy: null, bodyLimit: 1 << 20,
    }, {log: false})
    await desk.ready()
  })

  after(async () => {
    await desk?.close()
  })

  interface Refused {method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string}

  async function refusal(language: string | undefined, request: Refused) {
    const answer = await desk.inject({...request, headers: {...request.headers, ...(language ? {'accept-language': language} : {})}})
    return {status: answer.statusCode, error: answer.json().error as {code: string; message: string; issues: {path: string; message: string}[]}}
  }

  const cases: {what: string; request: Refused; status: number; code: string; en: string}[] = [
    {what: 'an unknown route', request: {method: 'GET', url: '/no/such/route?x=1'}, status: 404, code: 'not_found',
      en: 'no route GET /no/such/route'},
    {what: 'no token', request: {method: 'GET', url: '/api/v1/session'}, status: 401, code: 'unauthorized',
      en: 'no API token: send "Authorization: Bearer nssd_…" (nss token create, or nss login)'},
    {what: 'an Authorization of another form', request: {method: 'GET', url: '/api/v1/session', headers: {authorization: 'Basic abc'}}, status: 401,
      code: 'unauthorized', en: 'the Authorization header must be "Bearer nssd_…" (an API token)'},
    {what: 'a body that is not JSON', request: {method: 'POST', url: '/api/v1/sessions', headers: {'content-type': 'text/plain'}, payload: 'a=1'},
      status: 415, code: 'invalid_input', en: 'the request body must be JSON (Content-Type: application/json)'},
  ]

  for (const {what, request, status, code, en} of cases) {
    it(`says ${what} in Japanese without Accept-Language and in English to Accept-Language: en`, async () => {
      const ja = await refusal(undefined, request)
      const english = await refusal('en-GB;q=0.9, ja;q=0.1', request)
      expect([ja.status, ja.error.code]).to.deep.equal([status, code])
      expect([english.status, english.error.code]).to.deep.equal([status, code])
      expect(ja.error.message).to.match(JAPANESE).and.match(/。$/)
      expect(english.error.message).to.equal(en)
      expect(ja.error.issues.map(i => i.path)).to.deep.equal(english.error.issues.map(i => i.path))
    })
  }

  it('names body:line:column of a syntax error in both languages', async () => {
    const request = {method: 'POST' as const, url: '/api/v1/sessions', headers: {'content-type': 'application/json'}, payload: '{"a": 1,}'}
    const ja = await refusal('ja', request)
    const english = await refusal('en', request)
    expect(ja.status).to.equal(400)
    expect(ja.error.message).to.equal('body:1:9: JSONとして正しくありません。予期しない "}" があります。ここには二重引用符で囲んだ項目名が必要です。')
    expect(english.error.message).to.equal('body:1:9: not valid JSON: unexpected "}"; expected a property name in double quotes')
    expect(ja.error.issues).to.deep.equal([{path: 'body:1:9', message: '予期しない "}" があります。ここには二重引用符で囲んだ項目名が必要です。'}])
    expect(english.error.issues).to.deep.equal([{path: 'body:1:9', message: 'unexpected "}"; expected a property name in double quotes'}])
  })

  it('names the fields of a body zod refuses in the reader\'s language, their paths the same', async () => {
    const request = {method: 'POST' as const, url: '/api/v1/sessions', headers: {'content-type': 'application/json'},
      payload: JSON.stringify({office: 'NACCS01', reviewer: 'r.sato', password: 'x', extra: 1})}
    const ja = await refusal(undefined, request)
    const english = await refusal('en', request)
    expect([ja.status, ja.error.code]).to.deep.equal([400, 'invalid_input'])
    expect(english.error.message).to.equal('invalid request body')
    expect(english.error.issues.map(i => i.message)).to.include('unknown field(s): extra')
    expect(ja.error.message).to.match(JAPANESE)
    expect(ja.error.issues.map(i => i.message)).to.include('指定できない項目があります: extra。')
    expect(ja.error.issues.map(i => i.path)).to.deep.equal(english.error.issues.map(i => i.path))
  })
})
