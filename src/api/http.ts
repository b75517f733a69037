/**
 * The desk server's wire contract (issue 12), shared by the server (src/server) and the remote CLI
 * (src/cli/remote): where each operation goes over HTTP, and how error statuses and exit codes map onto
 * each other. Plain data and small functions: the remote CLI loads this, and nothing heavy.
 *
 * | exit | error code(s)                          | HTTP |
 * |------|----------------------------------------|------|
 * | 2    | invalid_input                          | 400 (413 and 415 for a body too large or not JSON) |
 * | 3    | not_found                              | 404  |
 * | 4    | unauthorized / forbidden               | 401 / 403 |
 * | 5    | conflict, password_window_closed, idempotency_key_reused | 409 |
 * | 6    | infrastructure, rate_limited           | 503 / 429 |
 * | 1    | unexpected                             | 500  |
 */
import type {DeskOperation} from '../app/desk-operations'

export const API_PREFIX = '/api/v1'

/** The header an operation's idempotency key travels in (the IETF draft's name, as Stripe's API uses it). */
export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** The actor the command line named (--office / --reviewer): the server refuses when the token acts as another. */
export const ACTING_AS_HEADER = 'nss-acting-as'

/**
 * The actor as the header carries it: a header value is visible ASCII (RFC 9110 §5.5), so any other
 * character of what the command line named — and `%` — travels percent-encoded as UTF-8 (RFC 3986
 * §2.1); `office:NACCS01` goes as it is.
 */
export function encodeActingAs(actor: string): string {
  return actor.replace(/[^\x21-\x24\x26-\x7e]/gu, character => encodeURIComponent(character))
}

/** The actor a header named; a value that does not decode is taken as it came (it names no principal). */
export function decodeActingAs(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
/** Warnings of the request (a mail not sent at once), as a percent-encoded JSON array of strings. */
export const WARNING_HEADER = 'nss-warning'

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  headers: Record<string, string>
}

/** The HTTP status of an error code (DeskError.code). */
export function statusOfErrorCode(code: string): number {
  switch (code) {
    case 'invalid_input': return 400
    case 'not_found': return 404
    case 'unauthorized': return 401
    case 'forbidden': return 403
    case 'conflict':
    case 'password_window_closed':
    case 'idempotency_key_reused': return 409
    case 'infrastructure': return 503
    case 'rate_limited': return 429
    default: return 500
  }
}

/** The exit code of an HTTP error status: the same as the error's locally (the table above). */
export function exitCodeOfStatus(status: number): number {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 2
  if (status === 404) return 3
  if (status === 401 || status === 403) return 4
  if (status === 409) return 5
  if (status === 429 || status === 502 || status === 503 || status === 504) return 6
  return 1
}

/** Where an office or a reviewer changes its own password (nss passwd). */
export const PASSWORD_PATH = `${API_PREFIX}/session/password`

/** Where an apply's dry run goes (nss apply --dry-run); an amendment's is under its receipt number. */
export const APPLY_PREVIEW_PATH = `${API_PREFIX}/applications/preview`
/** Where the token's office sees its own contract (nss office show); `offices/CODE` names one. */
export const OWN_OFFICE_PATH = `${API_PREFIX}/office`

/** The token's office's authorised senders (nss office senders); `/removal` takes one off. */
export const SENDERS_PATH = `${OWN_OFFICE_PATH}/senders`

/** The token's office's drafts (nss draft, issue 13); `/ID` one, `/ID/submission`, `/ID/deletion`. */
export const DRAFTS_PATH = `${API_PREFIX}/drafts`

const draft = (draftId: string) => `${DRAFTS_PATH}/${encodeURIComponent(draftId)}`

const receipt = (receiptNo: string) => `${API_PREFIX}/applications/${encodeURIComponent(receiptNo)}`

/** Where an operation goes: method, path, body and headers. */
export function requestOf(op: DeskOperation): HttpRequest {
  const headers: Record<string, string> = {}
  switch (op.verb) {
    case 'apply':
      if (op.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = op.idempotencyKey
      return {method: 'POST', path: `${API_PREFIX}/applications`, body: op.input, headers}
    case 'amend':
      if (op.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = op.idempotencyKey
      return {method: 'POST', path: `${receipt(op.receiptNo)}/amendments`, body: op.patch, headers}
    // The dry runs (issue 13): their own routes, never the changing ones with a flag.
    case 'apply-preview':
      return {method: 'POST', path: APPLY_PREVIEW_PATH, body: op.input, headers}
    case 'amend-preview':
      return {method: 'POST', path: `${receipt(op.receiptNo)}/amendments/preview`, body: op.patch, headers}
    case 'withdraw':
      return {method: 'POST', path: `${receipt(op.receiptNo)}/withdrawal`, body: {}, headers}
    case 'list': {
      const query = new URLSearchParams()
      if (op.filter.status !== undefined) query.set('status', op.filter.status)
      if (op.filter.since !== undefined) query.set('since', op.filter.since)
      if (op.filter.limit !== undefined) query.set('limit', String(op.filter.limit))
      for (const flag of ['mine', 'unassigned', 'overdue'] as const) if (op.filter[flag]) query.set(flag, 'true')
      const search = query.toString()
      return {method: 'GET', path: `${API_PREFIX}/applications${search ? `?${search}` : ''}`, headers}
    }
    case 'show':
      return {method: 'GET', path: receipt(op.receiptNo), headers}
    case 'passwords':
      return {method: 'GET', path: `${receipt(op.receiptNo)}/passwords`, headers}
    case 'check':
      return {method: 'GET', path: `${receipt(op.receiptNo)}/review-check`, headers}
    case 'query':
      return {method: 'POST', path: `${receipt(op.receiptNo)}/queries`, body: {notice: op.notice, fromCheck: op.fromCheck}, headers}
    case 'complete': {
      const body = op.registrationDate === undefined ? {notice: op.notice} : {notice: op.notice, registrationDate: op.registrationDate}
      return {method: 'POST', path: `${receipt(op.receiptNo)}/completion`, body, headers}
    }
    case 'message':
      return {method: 'POST', path: `${receipt(op.receiptNo)}/messages`, body: {text: op.text}, headers}
    case 'take':
    case 'release':
      return {method: 'POST', path: `${receipt(op.receiptNo)}/${op.verb}`, body: op.force ? {force: true} : {}, headers}
    case 'passwd':
      // The token of the request says whose password; the current one is checked all the same.
      return {method: 'POST', path: PASSWORD_PATH, body: {currentPassword: op.currentPassword, newPassword: op.newPassword}, headers}
    case 'senders':
      return {method: 'GET', path: SENDERS_PATH, headers}
    case 'addSender':
      return {method: 'POST', path: SENDERS_PATH, body: {address: op.address}, headers}
    case 'removeSender':
      return {method: 'POST', path: `${SENDERS_PATH}/removal`, body: {address: op.address}, headers}
    case 'draft-save': {
      const body: Record<string, unknown> = {content: op.content}
      if (op.receiptNo !== undefined) body.receiptNo = op.receiptNo
      if (op.draftId !== undefined) body.draftId = op.draftId
      return {method: 'POST', path: DRAFTS_PATH, body, headers}
    }
    case 'draft-list':
      return {method: 'GET', path: DRAFTS_PATH, headers}
    case 'draft-show':
      return {method: 'GET', path: draft(op.draftId), headers}
    case 'draft-submit':
      return {method: 'POST', path: `${draft(op.draftId)}/submission`, body: {}, headers}
    case 'draft-delete':
      return {method: 'POST', path: `${draft(op.draftId)}/deletion`, body: {}, headers}
    case 'attachment':
      return {method: 'GET', path: `${API_PREFIX}/attachments/${op.attachmentId}`, headers}
    case 'office':
      return {method: 'GET', path: op.officeCode === undefined ? OWN_OFFICE_PATH : `${API_PREFIX}/offices/${encodeURIComponent(op.officeCode)}`, headers}
  }
}

/** The warnings header's value, and back. */
export function encodeWarnings(warnings: string[]): string {
  return encodeURIComponent(JSON.stringify(warnings))
}

export function decodeWarnings(value: string | undefined): string[] {
  if (!value) return []
  try {
    const list = JSON.parse(decodeURIComponent(value)) as unknown
    return Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : []
  } catch {
    return []
  }
}
