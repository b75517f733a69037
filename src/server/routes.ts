/**
 * The desk server's routes (issue 12): one table, from which the server registers its handlers and
 * the OpenAPI document (openapi.ts) is generated. Each office or reviewer route builds the operation of
 * its verb (src/app/desk-operations.ts) from the request — the same operation the CLI builds from its
 * argv — and the server runs it as the token's principal. Paths, parameters and bodies are checked here
 * with zod (every problem named, exit 2 on the client); the use case checks the content as it does for
 * the CLI.
 */
import {z} from 'zod'
import type {DeskOperation, OperationResults, Verb} from '../app/desk-operations'
import {parseIdempotencyKey} from '../domain/idempotency-key'
import {InvalidInputError, type IssueInput} from '../domain/errors'
import {text, type LocalText} from '../domain/messages/text'
import {buildApplicationSchema} from '../domain/application-schema'
import {parseReceiptArgument} from '../domain/receipt-number'
import {parseAttachmentId} from '../domain/attachment-id'
import {parseDraftId} from '../domain/draft-id'
import {API_PREFIX, APPLY_PREVIEW_PATH, DRAFTS_PATH, IDEMPOTENCY_HEADER, OWN_OFFICE_PATH, PASSWORD_PATH, SENDERS_PATH} from '../api/http'
import {
  applicationViewSchema, attachmentContentSchema, draftDeletedSchema, draftListSchema, draftSavedSchema, draftViewSchema, healthSchema, loginAnswerSchema, logoutAnswerSchema, officeViewSchema, openApiAnswerSchema, ownershipResultSchema,
  passwordChangeSchema, passwordsViewSchema, readinessSchema, reviewCheckViewSchema, sendersChangeSchema, sendersViewSchema, sessionAnswerSchema,
  statusListViewSchema, submissionPreviewSchema, submissionResultSchema, transitionResultSchema,
} from './schemas'

/** What a route handler is given of the request. */
export interface RouteRequest {
  params: Record<string, string>
  query: Record<string, unknown>
  body: unknown
  headers: Record<string, string | string[] | undefined>
}

/** Why a route answers an error status, where its shape does not tell (openapi.ts derives the rest). */
export type RouteRefusals = Partial<Record<400 | 401 | 403 | 404 | 409 | 503, string>>

export interface OperationRoute<V extends Verb = Verb> {
  method: 'GET' | 'POST'
  /** Fastify's form (`:receiptNo`); openapi.ts writes `{receiptNo}`. */
  url: string
  operationId: string
  summary: string
  verb: V
  status: 200 | 201
  /** The body's schema, for the document and (but for apply / amend, whose content the use case checks) for the request. */
  body?: z.ZodType
  /** An empty body may be left out (withdraw). */
  isBodyOptional?: boolean
  /** The query's schema (GET /applications). */
  query?: z.ZodType
  /** The header of an idempotency key. */
  idempotent?: boolean
  /** The success answer's schema (src/server/schemas.ts): what the verb's use case returns. */
  response: z.ZodType<OperationResults[V]>
  refusals?: RouteRefusals
  /** Who may call it, where the role's usual words (the applications an actor sees) do not fit. */
  roleText?: string
  toOperation(request: RouteRequest): DeskOperation
}

/** The route of any verb: each route's answer is the answer of its own verb (tsc checks it). */
export type AnyOperationRoute = {[V in Verb]: OperationRoute<V>}[Verb]

/**
 * A route that is no verb's: logins, the document, liveness and readiness. app.ts registers each by
 * hand; this describes it for the document (the test of the document checks that both list the same routes).
 */
export interface ServiceRoute {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  operationId: string
  summary: string
  status: 200 | 201
  /** Whether the route takes an API token (`Authorization: Bearer nssd_…`), as every verb's does. */
  isAuthenticated: boolean
  body?: z.ZodType
  response: z.ZodType
  /** The answer's media type when it is not JSON (/metrics). */
  contentType?: string
  /** An answer that is not an error body, with its status (/readyz: 503 and the same report). */
  failure?: {status: 503; description: string; schema: z.ZodType}
  refusals?: RouteRefusals
}

/**
 * The messages this file gives its schemas (a regex's, a refinement's), in the reader's language; zod's
 * own messages for a wrong type and the like stay zod's (English).
 */
const SCHEMA_MESSAGES: Record<string, LocalText> = {
  'a whole number, 0 for all': text('server.issueWholeNumberOrZero'),
  'give office or reviewer, not both': text('server.issueOfficeOrReviewer'),
}

/** zod's issues as the desk names them: `body.notice`, `query.limit`. */
export function issuesOf(where: string, error: z.ZodError): IssueInput[] {
  return error.issues.map(issue => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys'
      ? text('server.issueUnknownFields', {keys: issue.keys.join(', ')})
      : SCHEMA_MESSAGES[issue.message] ?? issue.message,
  }))
}

function parse<T extends z.ZodType>(schema: T, where: string, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new InvalidInputError(text('server.invalidRequestPart', {where}), issuesOf(where, result.error))
  return result.data
}

const receiptOf = (request: RouteRequest) => parseReceiptArgument(request.params.receiptNo)

function officeCodeOf(request: RouteRequest): string {
  const code = (request.params.code ?? '').normalize('NFKC').trim().toUpperCase()
  if (code === '') throw new InvalidInputError(text('server.officeCodeEmpty'), [{path: 'code', message: text('server.issueOfficeCode')}])
  return code
}

function idempotencyKeyOf(request: RouteRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER]
  if (Array.isArray(value)) throw new InvalidInputError(text('server.oneIdempotencyKey'), [{path: 'Idempotency-Key', message: text('server.issueGivenTwice')}])
  return parseIdempotencyKey(value, 'Idempotency-Key')
}

/** The object body of apply / amend: its content is the use case's to check (every problem at once). */
function objectBody(request: RouteRequest): unknown {
  return request.body
}

/** A boolean of the query string: `true` or `false`. */
const flagQuery = z.enum(['true', 'false']).optional()

export const listQuery = z.strictObject({
  status: z.string().optional().describe('only applications in this status (received, query, completed, withdrawn, superseded)'),
  since: z.string().optional().describe('only applications submitted on or after this day (YYYY-MM-DD or YYYYMMDD)'),
  limit: z.string().regex(/^\d{1,9}$/, 'a whole number, 0 for all').optional().describe('at most this many, the newest first (default 100); 0 = all'),
  mine: flagQuery.describe("a reviewer's queue: only the applications the token's reviewer owns"),
  unassigned: flagQuery.describe("a reviewer's queue: only the applications nobody owns"),
  overdue: flagQuery.describe("a reviewer's queue: only the applications past their due date"),
})

export const queryBody = z.strictObject({
  notice: z.string().describe('the notice to the office (通知内容); with fromCheck, text appended to the findings'),
  fromCheck: z.boolean().optional().describe('send the findings of the review check as the query'),
})

export const completeBody = z.strictObject({
  notice: z.string().describe("the notice to the office; '' for none"),
  registrationDate: z.string().optional().describe('NACCS登録日 YYYYMMDD or YYYY-MM-DD'),
})

export const emptyBody = z.strictObject({})

export const messageBody = z.strictObject({
  text: z.string().describe('the message to the office (NACCSセンターからの連絡)'),
})

export const ownershipBody = z.strictObject({
  force: z.boolean().optional().describe("take over (or release) an application another reviewer owns"),
})

export const senderBody = z.strictObject({
  address: z.string().describe('one mail address (compared in lower case)'),
})

export const draftBody = z.strictObject({
  content: z.unknown().describe('the application (as POST /applications takes it), or the patch of an amendment (as POST …/amendments takes it); checked for form only: an object, known fields, lengths, 4 MiB'),
  receiptNo: z.string().optional().describe('a draft of an amendment of this application (the token\'s office\'s, under query)'),
  draftId: z.string().optional().describe('overwrite this draft instead of keeping a new one'),
})

const draftIdOf = (request: RouteRequest) => parseDraftId(request.params.draftId ?? '')

export const loginBody = z.strictObject({
  office: z.string().min(1).optional().describe('the office code, or'),
  reviewer: z.string().min(1).optional().describe('the reviewer ID'),
  password: z.string().describe('the password of the office or the reviewer'),
}).refine(value => (value.office === undefined) !== (value.reviewer === undefined), {message: 'give office or reviewer, not both', path: ['office']})

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().describe('the current password of the token\'s account: a token alone does not change the password'),
  newPassword: z.string().describe('the new password: at least 8 characters, not the office code or reviewer ID, not the current password'),
})

/**
 * The application as `nss apply --file` takes it, for the document: the shape of SPEC §3's schema (its
 * input side; what is required, lengths and character sets are the use case's to check, every problem at once).
 */
export const applicationBody = buildApplicationSchema('en').describe('the application as `nss apply --file` takes it (SPEC §3)')
const entryBody = applicationBody.shape.entries.in.unwrap().unwrap().element

/** The amendment patch (amend-patch.ts): only the fields given change; null removes an optional one; `remove: true` an entry. */
export const amendmentBody = z.strictObject({
  contact: applicationBody.shape.contact.optional(),
  timing: applicationBody.shape.timing,
  desiredDate: applicationBody.shape.desiredDate,
  remarks: applicationBody.shape.remarks,
  entries: z.array(entryBody.extend({remove: z.boolean().optional()})).optional()
    .describe('entries by user code: a new user code adds one, a given part replaces that part, `remove: true` removes the entry'),
}).describe('the patch as `nss amend --file` takes it: only the fields given change, null removes an optional one')

/** A change refused because the application is in another status (SPEC §4), or was changed by someone else meanwhile. */
const lifecycleConflict = (what: string) => `conflict: the application cannot be ${what} in its status (SPEC §4), or it changed meanwhile`
const keyReused = 'idempotency_key_reused: the Idempotency-Key was given before with another request'

export const OPERATION_ROUTES: AnyOperationRoute[] = [
  {
    method: 'POST', url: `${API_PREFIX}/applications`, operationId: 'apply', verb: 'apply', status: 201, idempotent: true,
    summary: 'Apply for system settings (システム設定申込); the office of the token applies', body: applicationBody,
    response: submissionResultSchema, refusals: {409: `${keyReused}; conflict: the year's receipt numbers are used up`},
    toOperation: request => ({verb: 'apply', input: objectBody(request), idempotencyKey: idempotencyKeyOf(request)}),
  },
  {
    method: 'POST', url: APPLY_PREVIEW_PATH, operationId: 'previewApplication', verb: 'apply-preview', status: 200,
    summary: 'Dry run of an apply (システム設定申込内容 確認): every check, nothing registered; a read-only token may', body: applicationBody,
    response: submissionPreviewSchema,
    toOperation: request => ({verb: 'apply-preview', input: objectBody(request)}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications`, operationId: 'listApplications', verb: 'list', status: 200, query: listQuery,
    summary: "An office's news and applications, or a reviewer's queue", response: statusListViewSchema,
    toOperation: request => {
      const query = parse(listQuery, 'query', request.query)
      return {verb: 'list', filter: {
        status: query.status, since: query.since, limit: query.limit === undefined ? undefined : Number(query.limit),
        mine: query.mine === 'true', unassigned: query.unassigned === 'true', overdue: query.overdue === 'true',
      }}
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo`, operationId: 'showApplication', verb: 'show', status: 200,
    summary: 'One application: the 参照 screen', response: applicationViewSchema,
    toOperation: request => ({verb: 'show', receiptNo: receiptOf(request)}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo/passwords`, operationId: 'viewPasswords', verb: 'passwords', status: 200,
    summary: 'The issued passwords, to the applying office within the viewing window', response: passwordsViewSchema,
    refusals: {
      409: 'password_window_closed: the viewing window has closed (SPEC §7); conflict: the application has no issued passwords',
      503: "infrastructure: the store cannot be reached, or the passwords do not open with the desk's secret.key",
    },
    toOperation: request => ({verb: 'passwords', receiptNo: receiptOf(request)}),
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/amendments`, operationId: 'amend', verb: 'amend', status: 201, idempotent: true,
    summary: 'Amend an application under query (申込内容の修正): a new receipt number', body: amendmentBody,
    response: submissionResultSchema, refusals: {409: `${lifecycleConflict('amended')}; ${keyReused}`},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      return {verb: 'amend', receiptNo, patch: objectBody(request), idempotencyKey: idempotencyKeyOf(request)}
    },
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/amendments/preview`, operationId: 'previewAmendment', verb: 'amend-preview', status: 200,
    summary: 'Dry run of an amendment: the amended application and each change as current → new, nothing registered', body: amendmentBody,
    response: submissionPreviewSchema, refusals: {409: 'conflict: the application is not under query (SPEC §4): amend would refuse it'},
    toOperation: request => ({verb: 'amend-preview', receiptNo: receiptOf(request), patch: objectBody(request)}),
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/withdrawal`, operationId: 'withdraw', verb: 'withdraw', status: 200,
    summary: 'Withdraw an application (取下げ)', body: emptyBody, isBodyOptional: true,
    response: transitionResultSchema, refusals: {409: lifecycleConflict('withdrawn')},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      if (request.body !== undefined) parse(emptyBody, 'body', request.body)
      return {verb: 'withdraw', receiptNo}
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/applications/:receiptNo/review-check`, operationId: 'checkForReview', verb: 'check', status: 200,
    summary: 'Findings that help the review, with ready notice texts (nothing changes)', response: reviewCheckViewSchema,
    toOperation: request => ({verb: 'check', receiptNo: receiptOf(request)}),
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/queries`, operationId: 'query', verb: 'query', status: 200,
    summary: 'Ask the office (内容確認): the application goes under query', body: queryBody,
    response: transitionResultSchema, refusals: {409: lifecycleConflict('put under query')},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      const body = parse(queryBody, 'body', request.body)
      return {verb: 'query', receiptNo, notice: body.notice, fromCheck: body.fromCheck ?? false}
    },
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/completion`, operationId: 'complete', verb: 'complete', status: 200,
    summary: 'Finish the review (審査終了): passwords issued, registration changes scheduled', body: completeBody,
    response: transitionResultSchema, refusals: {409: lifecycleConflict('completed')},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      const body = parse(completeBody, 'body', request.body)
      return {verb: 'complete', receiptNo, notice: body.notice, registrationDate: body.registrationDate}
    },
  },
  {
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/messages`, operationId: 'message', verb: 'message', status: 200,
    summary: 'A message to the office (NACCSセンターからの連絡): its status stays', body: messageBody,
    response: transitionResultSchema, refusals: {409: lifecycleConflict('sent a message (only an open one)')},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      return {verb: 'message', receiptNo, text: parse(messageBody, 'body', request.body).text}
    },
  },
  ...(['take', 'release'] as const).map((verb): AnyOperationRoute => ({
    method: 'POST', url: `${API_PREFIX}/applications/:receiptNo/${verb}`, operationId: `${verb}Application`, verb, status: 200,
    summary: verb === 'take'
      ? 'Take an open application: the reviewer of the token becomes its owner (issue 14)'
      : 'Release an application: nobody owns it again',
    body: ownershipBody, isBodyOptional: true, response: ownershipResultSchema,
    refusals: {409: verb === 'take'
      ? 'conflict: another reviewer owns it (force takes it over), the application is closed, or it changed meanwhile'
      : 'conflict: another reviewer owns it (force releases it), or it changed meanwhile'},
    toOperation: request => {
      const receiptNo = receiptOf(request)
      const body = request.body === undefined ? {} : parse(ownershipBody, 'body', request.body)
      return {verb, receiptNo, force: body.force ?? false}
    },
  })),
  {
    method: 'GET', url: OWN_OFFICE_PATH, operationId: 'showOwnOffice', verb: 'office', status: 200,
    summary: "The token's office's own contract (契約内容確認, nss office show)", response: officeViewSchema,
    roleText: 'For an office token: its own office. A reviewer token names the office (GET /api/v1/offices/{code}).',
    refusals: {400: 'invalid_input: a reviewer\'s token (a reviewer has no office of its own: name one)'},
    toOperation: () => ({verb: 'office'}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/offices/:code`, operationId: 'showOffice', verb: 'office', status: 200,
    summary: "An office's contract (契約内容確認, nss office show CODE)", response: officeViewSchema,
    roleText: "For an office token (its own code only) or a reviewer token (any office).",
    refusals: {403: "forbidden: another office's code with an office token; Nss-Acting-As naming another actor than the token's", 404: 'not_found: no office with this code'},
    toOperation: request => ({verb: 'office', officeCode: officeCodeOf(request)}),
  },
  {
    method: 'GET', url: `${API_PREFIX}/attachments/:id`, operationId: 'fetchAttachment', verb: 'attachment', status: 200,
    summary: 'A file an office attached to a reply, with its bytes in base64 (nss attachment ID --out FILE)', response: attachmentContentSchema,
    roleText: 'For the office owning its application or a reviewer token.',
    refusals: {403: "forbidden: an attachment of another office's application", 404: 'not_found: no attachment with this id'},
    toOperation: request => ({verb: 'attachment', attachmentId: parseAttachmentId(request.params.id)}),
  },
  {
    method: 'GET', url: SENDERS_PATH, operationId: 'listSenders', verb: 'senders', status: 200,
    summary: "The token's office's authorised senders (nss office senders list)", response: sendersViewSchema,
    toOperation: () => ({verb: 'senders'}),
  },
  {
    method: 'POST', url: SENDERS_PATH, operationId: 'addSender', verb: 'addSender', status: 200, body: senderBody,
    summary: 'Add an authorised sender (nss office senders add); the 管理責任者 is told by mail', response: sendersChangeSchema,
    toOperation: request => ({verb: 'addSender', address: parse(senderBody, 'body', request.body).address}),
  },
  {
    method: 'POST', url: `${SENDERS_PATH}/removal`, operationId: 'removeSender', verb: 'removeSender', status: 200, body: senderBody,
    summary: 'Remove an authorised sender (nss office senders remove); the 管理責任者 is told by mail', response: sendersChangeSchema,
    refusals: {404: 'not_found: the address is not on the list'},
    toOperation: request => ({verb: 'removeSender', address: parse(senderBody, 'body', request.body).address}),
  },
  {
    method: 'POST', url: DRAFTS_PATH, operationId: 'saveDraft', verb: 'draft-save', status: 200, body: draftBody,
    summary: 'Keep a draft (申込内容を一時保存する, nss draft save): checked for form only; draftId overwrites one', response: draftSavedSchema,
    refusals: {404: 'not_found: no such draft (or it is gone), or no application with receiptNo', 409: 'conflict: the application of an amendment draft is not under query'},
    toOperation: request => {
      const body = parse(draftBody, 'body', request.body)
      return {
        verb: 'draft-save', content: body.content,
        receiptNo: body.receiptNo === undefined ? undefined : parseReceiptArgument(body.receiptNo),
        draftId: body.draftId === undefined ? undefined : parseDraftId(body.draftId),
      }
    },
  },
  {
    method: 'GET', url: DRAFTS_PATH, operationId: 'listDrafts', verb: 'draft-list', status: 200,
    summary: "The token's office's drafts (nss draft list)", response: draftListSchema,
    toOperation: () => ({verb: 'draft-list'}),
  },
  {
    method: 'GET', url: `${DRAFTS_PATH}/:draftId`, operationId: 'showDraft', verb: 'draft-show', status: 200,
    summary: 'A draft and every problem its submission would meet (nss draft show); nothing changes', response: draftViewSchema,
    refusals: {403: "forbidden: another office's draft", 404: 'not_found: no such draft, or it is gone (expired, or its application left query)'},
    toOperation: request => ({verb: 'draft-show', draftId: draftIdOf(request)}),
  },
  {
    method: 'POST', url: `${DRAFTS_PATH}/:draftId/submission`, operationId: 'submitDraft', verb: 'draft-submit', status: 201, body: emptyBody, isBodyOptional: true,
    summary: 'Submit a draft: apply (or amend) with it, the same answer; the draft is deleted with it, kept when refused', response: submissionResultSchema,
    refusals: {403: "forbidden: another office's draft", 404: 'not_found: no such draft: gone, deleted or submitted already'},
    toOperation: request => {
      if (request.body !== undefined) parse(emptyBody, 'body', request.body)
      return {verb: 'draft-submit', draftId: draftIdOf(request)}
    },
  },
  {
    method: 'POST', url: `${DRAFTS_PATH}/:draftId/deletion`, operationId: 'deleteDraft', verb: 'draft-delete', status: 200, body: emptyBody, isBodyOptional: true,
    summary: 'Delete a draft (nss draft delete)', response: draftDeletedSchema,
    refusals: {403: "forbidden: another office's draft", 404: 'not_found: no such draft'},
    toOperation: request => {
      if (request.body !== undefined) parse(emptyBody, 'body', request.body)
      return {verb: 'draft-delete', draftId: draftIdOf(request)}
    },
  },
]

/** Logins of people (nss login / nss logout / who am I), the document, liveness and readiness. */
export const SERVICE_ROUTES: ServiceRoute[] = [
  {
    method: 'POST', url: `${API_PREFIX}/sessions`, operationId: 'login', status: 201, isAuthenticated: false,
    summary: 'Log in with the password of an office or a reviewer (nss login): a short-lived API token',
    body: loginBody, response: loginAnswerSchema,
    refusals: {
      401: 'unauthorized: the account is unknown or locked, or the password is wrong (one answer for all), or this address failed too often',
      503: 'infrastructure: the store cannot be reached',
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/session`, operationId: 'showSession', status: 200, isAuthenticated: true,
    summary: 'Who the token acts as', response: sessionAnswerSchema,
  },
  {
    method: 'DELETE', url: `${API_PREFIX}/session`, operationId: 'logout', status: 200, isAuthenticated: true,
    summary: 'Revoke the token presented (nss logout)', response: logoutAnswerSchema,
  },
  {
    method: 'POST', url: PASSWORD_PATH, operationId: 'changePassword', status: 200, isAuthenticated: true,
    summary: "Change the password of the token's account (nss passwd); its other login tokens are revoked",
    body: passwordChangeBody, response: passwordChangeSchema,
    refusals: {
      401: 'unauthorized: the current password is wrong or the account is locked (it counts as a failed login), or this address failed too often',
      403: 'forbidden: the token is read-only',
    },
  },
  {
    method: 'GET', url: `${API_PREFIX}/openapi.json`, operationId: 'openApiDocument', status: 200, isAuthenticated: false,
    summary: 'This document (OpenAPI 3.1)', response: openApiAnswerSchema,
  },
  {
    method: 'GET', url: '/healthz', operationId: 'checkHealth', status: 200, isAuthenticated: false,
    summary: 'Liveness: the process answers', response: healthSchema,
  },
  {
    method: 'GET', url: '/metrics', operationId: 'metrics', status: 200, isAuthenticated: false, contentType: 'text/plain; version=0.0.4',
    summary: 'Prometheus metrics: inbound messages by outcome, the outbox by status and kind, applications by status, the review queue, request latency; aggregates only',
    response: z.string().describe('the Prometheus text exposition format'),
  },
  {
    method: 'GET', url: '/readyz', operationId: 'checkReadiness', status: 200, isAuthenticated: false,
    summary: 'Readiness: the store reachable and migrated, secret.key readable', response: readinessSchema,
    failure: {status: 503, description: 'not ready: the checks, with the reason of each that failed', schema: readinessSchema},
  },
]

export {parse as parseRequestPart}
