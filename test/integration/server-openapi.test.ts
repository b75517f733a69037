/**
 * The OpenAPI document against a real `nss serve` over TLS (issue 12): the server serves the checked-in
 * document without a token, and its real answers — along the seed's walk (apply, review check, query,
 * amend, complete, the passwords within their window), a withdrawal, a login and its session, errors
 * and the probes — are what the document's zod schemas say, field for field, with the statuses it lists.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as path from 'node:path'
import type {z} from 'zod'
import {
  applicationViewSchema, draftDeletedSchema, draftListSchema, draftSavedSchema, draftViewSchema, errorBodySchema, healthSchema, loginAnswerSchema, logoutAnswerSchema, officeViewSchema, passwordsViewSchema, sendersChangeSchema, sendersViewSchema,
  readinessSchema, reviewCheckViewSchema, sessionAnswerSchema, statusListViewSchema, submissionResultSchema, transitionResultSchema,
} from '../../src/server/schemas'
import {EXAMPLES, OFFICE_PASSWORD, ROOT, seededDesk} from '../support/cli'
import {createToken, startServer, testCa, type TestServer} from '../support/server'

// The seed's walk-through (seed-scenario.test.ts): submitted Thursday 2026-11-19, completed the same
// day; the passwords can be viewed until Tuesday 2026-11-24 (11/23 is a holiday).
const SUBMITTED_AT = '2026-11-19T10:00:00+09:00'
const QUERIED_AT = '2026-11-19T10:30:00+09:00'
const AMENDED_AT = '2026-11-19T11:00:00+09:00'
const COMPLETED_AT = '2026-11-19T15:00:00+09:00'
const LAST_MINUTE_OF_WINDOW = '2026-11-24T23:59:00+09:00'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: any
}

type Json = Record<string, any>

const checkedIn = (): Json => JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'))

describe('the OpenAPI document and the answers of a real desk server (issue 12)', () => {
  let desk: ReturnType<typeof seededDesk>
  let server: TestServer
  let officeToken: string
  let reviewerToken: string
  const ca = () => fs.readFileSync(testCa().caFile)

  /** One request to the server, trusting only the test CA; the server's clock at `at` first. */
  function call(method: string, url: string, options: {token?: string; body?: unknown; at?: string} = {}): Promise<Answer> {
    if (options.at) server.setTime(options.at)
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body))
    return new Promise((resolve, reject) => {
      const request = https.request(new URL(url, server.url), {
        method, ca: ca(), agent: false,
        headers: {
          accept: 'application/json',
          ...(options.token ? {authorization: `Bearer ${options.token}`} : {}),
          ...(body ? {'content-type': 'application/json', 'content-length': body.length} : {}),
        },
      }, response => {
        const chunks: Buffer[] = []
        response.on('data', chunk => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? undefined : JSON.parse(text)})
        })
      })
      request.on('error', reject)
      request.end(body)
    })
  }

  /**
   * The answer is what the document says of this operation: its status is one the document lists, and
   * the body parses with `schema` and loses nothing in the parse (zod drops the fields it does not know).
   */
  function expectDocumented<T>(answer: Answer, method: string, template: string, status: number, schema: z.ZodType<T>): T {
    const where = `${method.toUpperCase()} ${template}`
    expect(answer.status, `${where}: ${JSON.stringify(answer.body)}`).to.equal(status)
    expect(answer.headers['content-type'], where).to.match(/^application\/json/)
    const operation = checkedIn().paths[template]?.[method]
    expect(operation, `${where} in docs/openapi.json`).to.be.an('object')
    expect(operation.responses, `${where} in docs/openapi.json`).to.have.property(String(status))
    const parsed = schema.safeParse(answer.body)
    expect(parsed.success, `${where}: ${parsed.error?.message} in ${JSON.stringify(answer.body)}`).to.equal(true)
    expect(parsed.data, `${where}: the schema keeps every field of the answer`).to.deep.equal(answer.body)
    return parsed.data as T
  }

  before(async () => {
    desk = seededDesk()
    server = await startServer(desk.home)
    officeToken = createToken(desk.home, {office: 'NACCS01'}).token
    reviewerToken = createToken(desk.home, {reviewer: 'r.sato'}).token
  })

  after(async () => {
    await server?.stop()
    if (desk) fs.rmSync(desk.home, {recursive: true, force: true})
  })

  it('serves the checked-in document at /api/v1/openapi.json without a token', async () => {
    const answer = await call('GET', '/api/v1/openapi.json')
    expect(answer.status).to.equal(200)
    expect(answer.body, 'the served document differs from docs/openapi.json: run `npm run openapi`').to.deep.equal(checkedIn())
  })

  it('answers the seed walk-through with the schemas of the document', async () => {
    const application = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    const applied = expectDocumented(await call('POST', '/api/v1/applications', {token: officeToken, body: application, at: SUBMITTED_AT}),
      'post', '/api/v1/applications', 201, submissionResultSchema)
    const original = applied.receiptNo

    const list = expectDocumented(await call('GET', '/api/v1/applications?limit=10', {token: officeToken, at: SUBMITTED_AT}),
      'get', '/api/v1/applications', 200, statusListViewSchema)
    expect(list.applications.map(a => a.receiptNo)).to.include(original)
    expect(list.total).to.be.greaterThan(0)

    const view = expectDocumented(await call('GET', `/api/v1/applications/${original}`, {token: officeToken, at: SUBMITTED_AT}),
      'get', '/api/v1/applications/{receiptNo}', 200, applicationViewSchema)
    expect(view.status).to.equal('received')
    // The example fills the contact's optional fields and both kinds of entry: every part of the view is there to check.
    expect(view.contact.title).to.be.a('string')
    expect(view.entries.some(e => e.passwordReset) && view.entries.some(e => e.registration)).to.equal(true)
    expect(view.mail.length).to.be.greaterThan(0)

    const check = expectDocumented(await call('GET', `/api/v1/applications/${original}/review-check`, {token: reviewerToken, at: QUERIED_AT}),
      'get', '/api/v1/applications/{receiptNo}/review-check', 200, reviewCheckViewSchema)
    expect(check.receiptNo).to.equal(original)
    const queried = expectDocumented(
      await call('POST', `/api/v1/applications/${original}/queries`, {token: reviewerToken, body: {notice: 'ご確認ください。'}, at: QUERIED_AT}),
      'post', '/api/v1/applications/{receiptNo}/queries', 200, transitionResultSchema)
    expect(queried).to.deep.equal({receiptNo: original, status: 'query'})

    const news = expectDocumented(await call('GET', '/api/v1/applications', {token: officeToken, at: QUERIED_AT}),
      'get', '/api/v1/applications', 200, statusListViewSchema)
    expect(news.news.map(n => n.receiptNo)).to.include(original)

    const patch = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'amend.json'), 'utf8'))
    const amended = expectDocumented(
      await call('POST', `/api/v1/applications/${original}/amendments`, {token: officeToken, body: patch, at: AMENDED_AT}),
      'post', '/api/v1/applications/{receiptNo}/amendments', 201, submissionResultSchema)
    expect(amended.supersedes).to.equal(original)

    const completed = expectDocumented(
      await call('POST', `/api/v1/applications/${amended.receiptNo}/completion`, {token: reviewerToken, body: {notice: ''}, at: COMPLETED_AT}),
      'post', '/api/v1/applications/{receiptNo}/completion', 200, transitionResultSchema)
    expect(completed).to.deep.equal({receiptNo: amended.receiptNo, status: 'completed'})

    const passwords = expectDocumented(
      await call('GET', `/api/v1/applications/${amended.receiptNo}/passwords`, {token: officeToken, at: LAST_MINUTE_OF_WINDOW}),
      'get', '/api/v1/applications/{receiptNo}/passwords', 200, passwordsViewSchema)
    expect(passwords.visibleUntil).to.equal('2026-11-24')
    expect(passwords.passwords.length).to.be.greaterThan(0)

    const superseded = expectDocumented(await call('GET', `/api/v1/applications/${original}`, {token: reviewerToken, at: LAST_MINUTE_OF_WINDOW}),
      'get', '/api/v1/applications/{receiptNo}', 200, applicationViewSchema)
    expect(superseded.supersededBy).to.equal(amended.receiptNo)
  })

  it('answers a withdrawal, with or without its empty body, with the schema of the document', async () => {
    const application = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    for (const body of [{}, undefined]) {
      const {receiptNo} = expectDocumented(await call('POST', '/api/v1/applications', {token: officeToken, body: application}),
        'post', '/api/v1/applications', 201, submissionResultSchema)
      const withdrawn = expectDocumented(await call('POST', `/api/v1/applications/${receiptNo}/withdrawal`, {token: officeToken, body}),
        'post', '/api/v1/applications/{receiptNo}/withdrawal', 200, transitionResultSchema)
      expect(withdrawn).to.deep.equal({receiptNo, status: 'withdrawn'})
    }
  })

  it('answers an office\'s contract, its own or by code, and the refusals, with the schemas of the document', async () => {
    const own = expectDocumented(await call('GET', '/api/v1/office', {token: officeToken}), 'get', '/api/v1/office', 200, officeViewSchema)
    expect(own.code).to.equal('NACCS01')
    const byCode = expectDocumented(await call('GET', '/api/v1/offices/NACCS01', {token: officeToken}), 'get', '/api/v1/offices/{code}', 200, officeViewSchema)
    expect(byCode).to.deep.equal(own)
    const other = expectDocumented(await call('GET', '/api/v1/offices/OTHER01', {token: officeToken}), 'get', '/api/v1/offices/{code}', 403, errorBodySchema)
    expect(other.error.code).to.equal('forbidden')
    expect(expectDocumented(await call('GET', '/api/v1/offices/OTHER01', {token: reviewerToken}), 'get', '/api/v1/offices/{code}', 200, officeViewSchema).code)
      .to.equal('OTHER01')
    expectDocumented(await call('GET', '/api/v1/offices/NOSUCH99', {token: reviewerToken}), 'get', '/api/v1/offices/{code}', 404, errorBodySchema)
    expectDocumented(await call('GET', '/api/v1/office', {token: reviewerToken}), 'get', '/api/v1/office', 400, errorBodySchema)
  })

  it('answers the authorised senders: the list, an add and a removal, and the refusals, with the schemas of the document', async () => {
    const path = '/api/v1/office/senders'
    expect(expectDocumented(await call('GET', path, {token: officeToken}), 'get', path, 200, sendersViewSchema).senders).to.deep.equal([])
    const added = expectDocumented(await call('POST', path, {token: officeToken, body: {address: 'shared@example.jp'}}), 'post', path, 200, sendersChangeSchema)
    expect(added.noticeMailId).to.be.a('number')
    expectDocumented(await call('POST', path, {token: officeToken, body: {address: 'no address'}}), 'post', path, 400, errorBodySchema)
    expectDocumented(await call('POST', path, {token: reviewerToken, body: {address: 'shared@example.jp'}}), 'post', path, 403, errorBodySchema)
    const removed = expectDocumented(await call('POST', `${path}/removal`, {token: officeToken, body: {address: 'shared@example.jp'}}),
      'post', `${path}/removal`, 200, sendersChangeSchema)
    expect(removed.senders).to.deep.equal([])
    expectDocumented(await call('POST', `${path}/removal`, {token: officeToken, body: {address: 'shared@example.jp'}}), 'post', `${path}/removal`, 404, errorBodySchema)
  })

  it('answers the drafts: a save, the list, a show with its problems, a submission, a deletion, and the refusals, with the schemas of the document', async () => {
    const application = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    const base = '/api/v1/drafts'
    const one = `${base}/{draftId}`
    const otherToken = createToken(desk.home, {office: 'OTHER01'}).token
    const saved = expectDocumented(await call('POST', base, {token: officeToken, body: {content: {...application, entries: []}}}), 'post', base, 200, draftSavedSchema)
    expect(saved.isNew).to.equal(true)
    expectDocumented(await call('POST', base, {token: officeToken, body: {content: {colour: 'blue'}}}), 'post', base, 400, errorBodySchema)
    expectDocumented(await call('POST', base, {token: reviewerToken, body: {content: application}}), 'post', base, 403, errorBodySchema)
    const list = expectDocumented(await call('GET', base, {token: officeToken}), 'get', base, 200, draftListSchema)
    expect(list.drafts.map(d => d.draftId)).to.include(saved.draftId)
    const shown = expectDocumented(await call('GET', `${base}/${saved.draftId}`, {token: officeToken}), 'get', one, 200, draftViewSchema)
    expect(shown.valid).to.equal(false)
    expectDocumented(await call('GET', `${base}/${saved.draftId}`, {token: otherToken}), 'get', one, 403, errorBodySchema)
    expectDocumented(await call('POST', `${base}/${saved.draftId}/submission`, {token: officeToken}), 'post', `${one}/submission`, 400, errorBodySchema)
    expectDocumented(await call('POST', base, {token: officeToken, body: {content: application, draftId: saved.draftId}}), 'post', base, 200, draftSavedSchema)
    const ready = expectDocumented(await call('GET', `${base}/${saved.draftId}`, {token: officeToken}), 'get', one, 200, draftViewSchema)
    expect(ready.preview?.office).to.equal('NACCS01')
    const submitted = expectDocumented(await call('POST', `${base}/${saved.draftId}/submission`, {token: officeToken, body: {}}), 'post', `${one}/submission`, 201, submissionResultSchema)
    expect(submitted.status).to.equal('received')
    expectDocumented(await call('POST', `${base}/${saved.draftId}/submission`, {token: officeToken}), 'post', `${one}/submission`, 404, errorBodySchema)
    const again = expectDocumented(await call('POST', base, {token: officeToken, body: {content: application}}), 'post', base, 200, draftSavedSchema)
    expectDocumented(await call('POST', `${base}/${again.draftId}/deletion`, {token: otherToken}), 'post', `${one}/deletion`, 403, errorBodySchema)
    const deleted = expectDocumented(await call('POST', `${base}/${again.draftId}/deletion`, {token: officeToken}), 'post', `${one}/deletion`, 200, draftDeletedSchema)
    expect(deleted).to.deep.equal({draftId: again.draftId, deleted: true})
  })

  it('answers a login, its session and the logout with the schemas of the document', async () => {
    server.setTime(undefined)
    const login = expectDocumented(await call('POST', '/api/v1/sessions', {body: {office: 'NACCS01', password: OFFICE_PASSWORD}}),
      'post', '/api/v1/sessions', 201, loginAnswerSchema)
    expect(login.principal).to.deep.equal({kind: 'office', code: 'NACCS01'})
    const session = expectDocumented(await call('GET', '/api/v1/session', {token: login.token}), 'get', '/api/v1/session', 200, sessionAnswerSchema)
    expect(session).to.deep.equal({principal: login.principal, readOnly: false, tokenId: login.id, expiresAt: login.expiresAt})
    const logout = expectDocumented(await call('DELETE', '/api/v1/session', {token: login.token}), 'delete', '/api/v1/session', 200, logoutAnswerSchema)
    expect(logout.id).to.equal(login.id)
  })

  it('answers errors with the Error schema and the statuses the document lists', async () => {
    const unknown = expectDocumented(await call('GET', '/api/v1/applications/2699999C', {token: officeToken}),
      'get', '/api/v1/applications/{receiptNo}', 404, errorBodySchema)
    expect(unknown.error.code).to.equal('not_found')

    const invalid = expectDocumented(
      await call('POST', '/api/v1/applications/2699999C/queries', {token: reviewerToken, body: {notice: 1, extra: true}}),
      'post', '/api/v1/applications/{receiptNo}/queries', 400, errorBodySchema)
    expect(invalid.error.code).to.equal('invalid_input')
    expect(invalid.error.issues.map(i => i.path)).to.include.members(['body.notice', 'body'])

    const anonymous = expectDocumented(await call('GET', '/api/v1/applications'), 'get', '/api/v1/applications', 401, errorBodySchema)
    expect(anonymous.error.code).to.equal('unauthorized')

    const reviewerApplies = expectDocumented(await call('POST', '/api/v1/applications', {token: reviewerToken, body: {}}),
      'post', '/api/v1/applications', 403, errorBodySchema)
    expect(reviewerApplies.error.code).to.equal('forbidden')
  })

  it('answers /healthz and /readyz with the schemas of the document', async () => {
    expectDocumented(await call('GET', '/healthz'), 'get', '/healthz', 200, healthSchema)
    const ready = expectDocumented(await call('GET', '/readyz'), 'get', '/readyz', 200, readinessSchema)
    expect(ready.ready).to.equal(true)
    expect(ready.checks.map(c => c.name).sort()).to.deep.equal(['secret', 'store'])
  })
})
