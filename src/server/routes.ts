/**
 * The desk server's routes (issue 12): one table, from which the server registers its handlers and
 * the OpenAPI document (openapi.ts) is generated. Each office or reviewer route builds the operation of
 * its verb (src/app/desk-operations.ts) from the request — the same operation the CLI builds from its
 * argv — and the server runs it as the token's principal. Paths, parameters and bodies are checked here
 * with zod (every problem named, exit 2 on the client); the use case checks the content as it does for
 * the CLI.
 */
import {z} from 'zod'
import type {DeskOperation, Verb} from '../app/desk-operations'
import {parseIdempotencyKey} from '../domain/idempotency-key'
import {InvalidInputError, Issue} from '../domain/errors'
import {parseReceiptArgument} from '../domain/receipt-number'
import {API_PREFIX, IDEMPOTENCY_HEADER} from '../api/http'

/** What a route handler is given of the request. */
export interface RouteRequest {
  params: Record<string, string>
  query: Record<string, unknown>
  body: unknown
  headers: Record<string, string | string[] | undefined>
}

export interface OperationRoute {
  method: 'GET' | 'POST'
  /** Fastify's form (`:receiptNo`); openapi.ts writes `{receiptNo}`. */
  url: string
  operationId: string
  summary: string
  verb: Verb
  status: 200 | 201
  /** The body's schema, for the document and (but for apply / amend, whose content the use case checks) for the request. */
  body?: z.ZodType
  /** The query's schema (GET /applications). */
  query?: z.ZodType
  /** The header of an idempotency key. */
  idempotent?: boolean
  toOperation(request: RouteRequest): DeskOperation
}

/** zod's issues as the desk names them: `body.notice`, `query.limit`. */
export function issuesOf(where: string, error: z.ZodError): Issue[] {
  return error.issues.map(issue => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }))
}

function parse<T extends z.ZodType>(schema: T, where: string, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new InvalidInputError(`invalid request ${where}`, issuesOf(where, result.error))
  return result.data
}

const receiptOf = (request: RouteRequest) => parseReceiptArgument(request.params.receiptNo)

function idempotencyKeyOf(request: RouteRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER]
  if (Array.isArray(value)) throw new InvalidInputError('one Idempotency-Key header', [{path: 'Idempotency-Key', message: 'given more than once'}])
  return parseIdempotencyKey(value, 'Idempotency-Key')
}

/** The object body of apply / amend: its content is the use case's to check (every problem at once). */
function objectBody(request: RouteRequest): unknown {
  return request.body
}

export const listQuery = z.strictObject({
  status: z.string().optional().describe('only applications in this status (received, query, completed, withdrawn, superseded)'),
  since: z.string().optional().describe('only applications submitted on or after this day (YYYY-MM-DD or YYYYMMDD)'),
  limit: z.string().regex(/^\d{1,9}$/, 'a whole number, 0 for all').optional().describe('at most this many, the newest first (default 100); 0 = all'),
})

export const queryBody = z.strictObject({
  notice: z.string().describe('the notice to the office (通知内容); with fromCheck, text appended to the findings'),
  fromCheck: z.boolean().optional().describe('send the findings of the review check as the query'),
})

export const completeBody = z.strictObject({
  notice: z.string().describe("the notice to the office; '' for none"),
  registrationDate: z.string().optional().describe('NACCS登録日 YYYYMMDD'),
})

export const emptyBody = z.strictObject({})

export const loginBody = z.strictObject({
  office: z.string().min(1).optional().describe('the office code, or'),
  reviewer: z.string().min(1).optional().describe('the reviewer ID'),
  password: z.string().describe('the password of the office or the reviewer'),
}).refine(value => (value.office === undefined) !== (value.reviewer === undefined), {message: 'give office or reviewer, not both', path: ['office']})

/** The application and the amendment patch, for the document: their content is checked by the use case (SPEC §3). */
export const applicationBody = z.record(z.string(), z.unknown()).describe('the application as `nss apply --file` takes it (SPEC §3)')
export const amendmentBody = z.record(z.string(), z.unknown()).describe('the patch as `nss amend --file` takes it: only the fields given change')

export const OPERATION_ROUTES: OperationRoute[] = [
  {
    method: 'POST', url: `${API_PREFIX}/applications`, operationId: 'apply', verb: 'apply', status: 201, idempotent: true,
    summary: 'Apply for system settings (システム設定申込); the office of the token applies', body: applicationBody,
    toOperation: request => ({verb: 'apply', input: objectBody(request), idempotencyKey: idempotencyKeyOf(request)}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications`, operationId: 'listApplications', verb: 'list', status: 200, query: listQuery,
    summary: "An office's news and applications, or a reviewer's queue",
    toOperation: request => {
      const query = parse(listQuery, 'query', request.query)
      return {verb: 'list', filter: {status: query.status, since: query.since, limit: query.limit === undefined ? undefined : Number(query.limit)}}
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo`, operationId: 'showApplication', verb: 'show', status: 200,
    summary: 'One application: the 参照 screen', toOperation: request => ({verb: 'show', receiptNo: receiptOf(request)}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo/passwords`, operationId: 'viewPasswords', verb: 'passwords', status: 200,
    summary: 'The issued passwords, to the applying office within the viewing window',
    toOperation: request => ({verb: 'passwords', receiptNo: receiptOf(request)}),
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/amendments`, operationId: 'amend', verb: 'amend', status: 201, idempotent: true,
    summary: 'Amend an application under query (申込内容の修正): a new receipt number', body: amendmentBody,
    toOperation: request => {
      const receiptNo = receiptOf(request)
      return {verb: 'amend', receiptNo, patch: objectBody(request), idempotencyKey: idempotencyKeyOf(request)}
    },
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/withdrawal`, operationId: 'withdraw', verb: 'withdraw', status: 200,
    summary: 'Withdraw an application (取下げ)', body: emptyBody,
    toOperation: request => {
      const receiptNo = receiptOf(request)
      if (request.body !== undefined) parse(emptyBody, 'body', request.body)
      return {verb: 'withdraw', receiptNo}
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo/review-check`, operationId: 'checkForReview', verb: 'check', status: 200,
    summary: 'Findings that help the review, with ready notice texts (nothing changes)',
    toOperation: request => ({verb: 'check', receiptNo: receiptOf(request)}),
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/queries`, operationId: 'query', verb: 'query', status: 200,
    summary: 'Ask the office (内容確認): the application goes under query', body: queryBody,
    toOperation: request => {
      const receiptNo = receiptOf(request)
      const body = parse(queryBody, 'body', request.body)
      return {verb: 'query', receiptNo, notice: body.notice, fromCheck: body.fromCheck ?? false}
    },
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/completion`, operationId: 'complete', verb: 'complete', status: 200,
    summary: 'Finish the review (審査終了): passwords issued, registration changes scheduled', body: completeBody,
    toOperation: request => {
      const receiptNo = receiptOf(request)
      const body = parse(completeBody, 'body', request.body)
      return {verb: 'complete', receiptNo, notice: body.notice, registrationDate: body.registrationDate}
    },
  },
]

export {parse as parseRequestPart}
