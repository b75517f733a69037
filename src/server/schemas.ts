/**
 * The desk server's answers as zod schemas (issue 12): what each route returns on success — the same
 * JSON the CLI prints with `--json` (src/app/views.ts, SPEC §9) — and the error body. The OpenAPI
 * document (openapi.ts) is generated from them, and the tests parse real answers with them.
 *
 * The views stay plain TypeScript (the remote CLI loads no zod); the assertions at the end make tsc
 * prove that each schema and its view are the same type, so a view changed without its schema (or the
 * other way round) fails the build.
 */
import {z} from 'zod'
import type {Actor} from '../app/actor'
import type {ApiTokenPrincipal, CreatedApiToken, revokeOwnToken} from '../app/api-token'
import type {PasswordChange} from '../app/change-password.use-case'
import type {DraftDeleted, DraftList, DraftSaved, DraftView} from '../app/drafts.use-case'
import type {AttachmentContent} from '../app/attachments'
import type {SendersChange, SendersView} from '../app/office-senders.use-case'
import type {
  ApplicationView, OfficeView, OwnershipResult, PasswordsView, ReviewCheckView, StatusListView, SubmissionPreview, SubmissionResult, TransitionResult,
} from '../app/views'
import {RECEIPT_NO_PATTERN} from '../domain/receipt-number'
import {APPLICATION_STATUSES, LOCALES, PROCESSING_METHODS, SYSTEM_CLASSES, TIMINGS} from '../domain/vocabulary'
import type {ReadinessReport} from './readiness'

/** The schemas the document lists under components.schemas, by name. */
export const responseRegistry = z.registry<{id: string}>()

function named<T extends z.ZodType>(id: string, schema: T): T {
  responseRegistry.add(schema, {id})
  return schema
}

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+09:00$/)
  .meta({format: 'date-time', description: 'an instant in Japan time (+09:00)'})
const utcInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/).meta({format: 'date-time', description: 'an instant in UTC'})
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({format: 'date', description: 'a day, YYYY-MM-DD'})

export const receiptNoSchema = named('ReceiptNo', z.string().regex(RECEIPT_NO_PATTERN)
  .describe('申込受付番号 (SPEC §5): YYNNNNNK, e.g. 2101910C'))
const applicationStatus = named('ApplicationStatus', z.enum(APPLICATION_STATUSES).describe('the status of an application (SPEC §4)'))
const locale = named('Locale', z.enum(LOCALES).describe('the language of the texts in the answer: the office\'s'))

const contact = named('Contact', z.object({
  name: z.string(),
  kana: z.string(),
  department: z.string(),
  title: z.string().optional(),
  phone: z.string(),
  fax: z.string().optional(),
  email: z.string(),
}).describe('申込担当者: the person the desk writes to about an application'))

const registrationChange = named('RegistrationChange', z.object({
  companyNameEn: z.string().optional(),
  officeNameEn: z.string().optional(),
  addressEn: z.string().optional(),
  managerNameEn: z.string().optional(),
}).describe('申込情報の修正: the new values of some registration fields of a user code'))

const entryView = z.object({
  userCode: z.string(),
  companyNameEn: z.string(),
  officeNameEn: z.string(),
  addressEn: z.string(),
  managerNameEn: z.string(),
  systemClass: z.enum(SYSTEM_CLASSES),
  industry: z.string(),
  passwordReset: z.object({
    ids: z.array(z.string()),
    reason: z.string(),
    userIds: z.array(z.string()).describe('the user IDs (利用者ID) of `ids`: user code + identification number'),
  }).nullable(),
  registration: registrationChange.nullable(),
})

const logView = z.object({
  item: z.string(),
  at: instant,
  notice: z.string(),
  actor: z.string().optional().describe('to reviewers only: office:CODE, reviewer:ID, mail:INBOUND-ID (the mail bot acting on that inbound message), system'),
})

const mailView = z.object({
  kind: z.enum(['receipt', 'query', 'completion', 'withdrawal', 'reply-error', 'contact-changed', 'senders-changed', 'message',
    'query-reminder', 'password-reminder', 'registration-applied']),
  to: z.array(z.string()),
  status: z.enum(['pending', 'sent', 'failed', 'bounced']),
  lastError: z.string().optional().describe('the last answer about the mail: why it failed, who refused it, why it still waits'),
  contentPurged: z.literal(true).optional().describe('the content was purged after the retention period'),
})

export const submissionResultSchema = named('SubmissionResult', z.object({
  receiptNo: receiptNoSchema,
  status: z.literal('received'),
  supersedes: receiptNoSchema.nullable().describe('the application an amendment replaces; null for a new one'),
}).describe('apply / amend: the new application'))

const changeValue = z.union([z.string(), z.array(z.string())]).nullable()

export const submissionPreviewSchema = named('SubmissionPreview', z.object({
  valid: z.boolean().describe('whether apply / amend would accept it as it is'),
  issues: z.array(z.object({path: z.string(), message: z.string()})).describe('every problem, as apply / amend would name them; [] when valid'),
  preview: z.object({
    office: z.string(),
    officeName: z.string(),
    timing: z.enum(TIMINGS),
    desiredDate: day.nullable(),
    remarks: z.string(),
    contact,
    entries: z.array(entryView),
    supersedes: receiptNoSchema.nullable().describe('an amendment\'s: the application it would supersede; null for an apply'),
    changes: z.array(z.object({
      field: z.string().describe('contact.email, remarks, entries.1ANAC.registration.officeNameEn, …'),
      current: changeValue,
      new: changeValue,
    })).describe('an amendment\'s: each field it changes, current → new; [] for an apply'),
    locale,
  }).nullable().describe('the application as it would be registered (the 確認 screen); null when the input does not validate'),
}).describe('apply / amend dry run: nothing is registered, no mail is sent'))

export const transitionResultSchema = named('TransitionResult', z.object({
  receiptNo: receiptNoSchema,
  status: applicationStatus,
}).describe('withdraw / query / complete: the status the application went into'))

export const ownershipResultSchema = named('OwnershipResult', z.object({
  receiptNo: receiptNoSchema,
  owner: z.string().nullable().describe('the reviewer who owns the application now, or null'),
  previousOwner: z.string().nullable().describe('the reviewer who owned it before, or null'),
}).describe('take / release: who owns the application now (issue 14)'))

const attachmentView = z.object({
  id: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().describe('bytes'),
})

/** One attachment with its bytes (nss attachment): base64, so that the answer stays JSON like every other. */
export const attachmentContentSchema = named('AttachmentContent', attachmentView.extend({
  receiptNo: receiptNoSchema,
  sha256: z.string().describe('SHA-256 of the bytes, hex'),
  contentBase64: z.string().describe('the bytes, base64'),
}).describe('an attachment and its bytes'))

export const applicationViewSchema = named('ApplicationView', z.object({
  receiptNo: receiptNoSchema,
  office: z.string(),
  officeName: z.string(),
  status: applicationStatus,
  statusLabel: z.string(),
  submittedAt: instant,
  timing: z.enum(TIMINGS),
  desiredDate: day.nullable(),
  registrationDate: day.nullable(),
  remarks: z.string(),
  contact,
  entries: z.array(entryView),
  log: z.array(logView).describe('進行状況: the progress log'),
  supersedes: receiptNoSchema.nullable(),
  supersededBy: receiptNoSchema.nullable(),
  mail: z.array(mailView),
  attachments: z.array(attachmentView).describe('the files the office attached to its replies (issue 14): `nss attachment ID --out FILE`'),
  passwordsVisibleUntil: day.nullable().describe('the last day issued passwords can be viewed, when any were issued'),
  owner: z.string().nullable().optional().describe('to reviewers only: the reviewer who took the application (`nss review --take`), or null'),
  locale,
}).describe('one application: the 参照 screen'))

export const statusListViewSchema = named('StatusListView', z.object({
  news: z.array(z.object({
    date: day,
    kind: z.literal('system_settings'),
    receiptNo: receiptNoSchema,
    message: z.string(),
  })).describe('新着情報: the latest 10'),
  applications: z.array(z.object({
    receiptNo: receiptNoSchema,
    status: applicationStatus,
    statusLabel: z.string(),
    submittedAt: instant,
    office: z.string(),
    dueDate: day.nullable().optional().describe("the reviewer's queue: the day to complete it by; null once closed"),
    businessDaysLeft: z.number().int().nullable().optional().describe('business days to the due date: 0 due today, negative overdue'),
    owner: z.string().nullable().optional().describe('the reviewer who took it, or null'),
    lastActivityAt: instant.optional().describe('its latest 進行状況 entry'),
  })).describe("an office's: the newest first; a reviewer's queue: open ones by due date; at most `limit`"),
  total: z.number().int().min(0).describe('how many applications match in all; more than `applications` holds when the list was cut'),
  isReviewQueue: z.boolean().describe("a reviewer's review queue (every office's applications), not one office's own list"),
  locale,
}).describe("an office's news and applications, or a reviewer's queue"))

export const passwordsViewSchema = named('PasswordsView', z.object({
  receiptNo: receiptNoSchema,
  visibleUntil: day.describe('the last day (until 23:59:59 Japan time) the passwords can be viewed'),
  passwords: z.array(z.object({userCode: z.string(), ident: z.string(), password: z.string()})),
}).describe('the issued passwords (SPEC §7)'))

export const reviewCheckViewSchema = named('ReviewCheckView', z.object({
  receiptNo: receiptNoSchema,
  findings: z.array(z.object({
    code: z.enum(['reset_selfservice', 'desired_date_lead', 'desired_date_closed', 'registration_unchanged']),
    message: z.string().describe('for the reviewer'),
    notice: z.string().describe('a text ready to send to the office'),
  })),
  notice: z.string().describe('the notice `fromCheck` would send: the findings\' notices joined'),
}).describe('findings that help the review (SPEC §8)'))

export const officeViewSchema = named('OfficeView', z.object({
  code: z.string().describe('事業所コード'),
  name: z.string(),
  adminName: z.string().describe('管理責任者'),
  adminEmail: z.string(),
  locale,
  hasPassword: z.boolean().describe('whether the office has a login password (the password itself never leaves the desk)'),
  userCodes: z.array(z.object({
    code: z.string().describe('利用者コード'),
    companyNameEn: z.string(),
    officeNameEn: z.string(),
    addressEn: z.string(),
    managerNameEn: z.string(),
    systemClass: z.enum(SYSTEM_CLASSES).describe('区分'),
    industry: z.string().describe('業種'),
    userIds: z.array(z.object({
      ident: z.string().describe('識別番号'),
      userId: z.string().describe('利用者ID: user code + identification number'),
      method: z.enum(PROCESSING_METHODS).describe('処理方式'),
    })),
    scheduled: z.array(z.object({
      receiptNo: receiptNoSchema,
      effectiveDate: day.describe('NACCS登録日: the day the change becomes current'),
      changes: registrationChange,
    })).describe('registration changes approved and not yet current'),
  })),
}).describe("an office's contract (契約内容確認): user codes with 区分 and 業種, user IDs with 処理方式, scheduled changes"))

const sendersFields = {
  office: z.string(),
  adminEmail: z.string().describe('the 管理責任者\'s address: always allowed, like the contact\'s, and told of every change'),
  senders: z.array(z.object({address: z.string().describe('in lower case'), addedAt: utcInstant})),
}

export const sendersViewSchema = named('SendersView', z.object(sendersFields)
  .describe("the office's authorised senders: addresses besides the contact's and the administrator's whose replies to the signed reply address are acted on"))

export const sendersChangeSchema = named('SendersChange', z.object({
  ...sendersFields,
  change: z.enum(['added', 'removed']),
  address: z.string(),
  isChanged: z.boolean().describe('false when the address was on the list already (nothing changed, no mail)'),
  noticeMailId: z.number().int().nullable().describe('the outbox row of the mail to the 管理責任者; null when nothing changed'),
}).describe('an authorised sender added or removed, and the list after it'))

const draftId = z.string().regex(/^D[0-9A-F]{16}$/).describe('the draft\'s id, as nss draft save printed it')

const draftFields = {
  draftId,
  office: z.string(),
  kind: z.enum(['application', 'amendment']).describe('a new application, or an amendment of receiptNo'),
  receiptNo: z.string().nullable().describe('the application under query it amends; null for a new application'),
  createdAt: utcInstant,
  updatedAt: utcInstant,
  expiresAt: utcInstant.describe('when the daemon deletes it unless it is saved again (NSS_DRAFT_DAYS after updatedAt)'),
  bytes: z.number().int().describe('the size of its content as JSON'),
}

export const draftSavedSchema = named('DraftSaved', z.object({
  ...draftFields,
  isNew: z.boolean().describe('false: an existing draft was overwritten'),
}).describe('a draft kept (一時保存): checked for form only, not yet for the rules'))

export const draftListSchema = named('DraftList', z.object({
  office: z.string(),
  drafts: z.array(z.object(draftFields)).describe('the latest saved first; gone ones (expired, or amending an application no longer under query) are left out'),
  draftDays: z.number().int().describe('NSS_DRAFT_DAYS'),
}).describe("the token's office's drafts"))

export const draftViewSchema = named('DraftView', z.object({
  ...draftFields,
  content: z.unknown().describe('the application, or the amendment\'s patch, as saved'),
  valid: z.boolean().describe('whether nss draft submit would be accepted as it is'),
  problems: z.array(z.object({path: z.string(), message: z.string()})).describe('every problem a submission would meet; [] when valid'),
  preview: submissionPreviewSchema.shape.preview,
}).describe('a draft and every problem its submission would meet (the dry run\'s checks)'))

export const draftDeletedSchema = named('DraftDeleted', z.object({
  draftId,
  deleted: z.literal(true),
}).describe('a draft deleted'))

const actor = named('Actor', z.discriminatedUnion('kind', [
  z.object({kind: z.literal('office'), code: z.string()}),
  z.object({kind: z.literal('reviewer'), id: z.string()}),
]).describe('who a token acts as'))

export const loginAnswerSchema = named('LoginToken', z.object({
  id: z.string().describe('the token\'s id (nss token list shows it)'),
  token: z.string().describe('the API token (nssd_…), shown this once'),
  expiresAt: utcInstant,
  principal: actor,
}).describe('a short-lived API token for the account that logged in'))

export const sessionAnswerSchema = named('Session', z.object({
  principal: actor,
  readOnly: z.boolean(),
  tokenId: z.string(),
  expiresAt: utcInstant,
}).describe('who the token presented acts as'))

export const logoutAnswerSchema = named('RevokedToken', z.object({
  id: z.string().describe('the token\'s id'),
  revokedAt: utcInstant,
}).describe('the token presented, revoked'))

export const passwordChangeSchema = named('PasswordChange', z.object({
  principal: actor,
  changedAt: utcInstant,
  revokedLoginTokens: z.array(z.string()).describe('the ids of the other login tokens (nss login) of the account, now revoked; the token of the request and the API tokens of scripts stay'),
}).describe('the password of the token\'s account, changed (nss passwd)'))

export const healthSchema = named('Health', z.object({status: z.literal('ok')}).describe('the process is alive'))

export const readinessSchema = named('Readiness', z.object({
  ready: z.boolean(),
  checks: z.array(z.object({
    name: z.enum(['store', 'secret']),
    ok: z.boolean(),
    reason: z.string().optional().describe('why the check failed'),
  })),
  health: z.object({
    status: z.enum(['ok', 'warn', 'fail']).describe('the worst of the checks'),
    checkedAt: z.string(),
    checks: z.array(z.object({
      name: z.enum(['store', 'secret', 'daemon', 'inbound', 'outbox', 'disk']),
      status: z.enum(['ok', 'warn', 'fail']),
      reason: z.string(),
      details: z.record(z.string(), z.unknown()),
    })),
  }).describe("nss health's report: informational, only store and secret decide ready"),
}).describe('whether this server can serve: the store reachable and migrated, secret.key readable; and nss health'))

export const openApiAnswerSchema = z.record(z.string(), z.unknown()).describe('this document')

export const errorBodySchema = named('Error', z.object({
  error: z.object({
    code: z.string().describe('invalid_input, not_found, unauthorized, forbidden, conflict, password_window_closed, '
      + 'idempotency_key_reused, infrastructure, rate_limited or unexpected (SPEC §9)'),
    message: z.string(),
    issues: z.array(z.object({
      path: z.string().describe('the field the problem concerns: body.notice, entries[0].userCode'),
      message: z.string(),
    })).describe('every problem of the input at once; empty for other errors'),
  }),
}).describe('an error, as the CLI prints it with --json; the status maps onto the CLI\'s exit code'))

export type LoginAnswer = z.infer<typeof loginAnswerSchema>
export type SessionAnswer = z.infer<typeof sessionAnswerSchema>
export type HealthAnswer = z.infer<typeof healthSchema>
export type ErrorBody = z.infer<typeof errorBodySchema>

// ---------------------------------------------------------------------------------------------------
// What tsc proves: each schema is its view, in both directions.

/** T with every object type spelt out, so that `A & B` and the object of their fields compare equal. */
type Spelt<T> = T extends readonly unknown[] ? {[K in keyof T]: Spelt<T[K]>} : T extends object ? {[K in keyof T]: Spelt<T[K]>} : T

/**
 * `true` when A and B are the same type: not merely assignable each way, which an optional field
 * only one of them has would pass (the identity test of conditional types, as TypeScript's own tests use).
 */
export type Equals<A, B> = (<T>() => T extends Spelt<A> ? 1 : 2) extends (<T>() => T extends Spelt<B> ? 1 : 2) ? true : false

type Proves<T extends true> = T

export type SchemasMatchTheirTypes = [
  Proves<Equals<z.infer<typeof submissionResultSchema>, SubmissionResult>>,
  Proves<Equals<z.infer<typeof transitionResultSchema>, TransitionResult>>,
  Proves<Equals<z.infer<typeof submissionPreviewSchema>, SubmissionPreview>>,
  Proves<Equals<z.infer<typeof applicationViewSchema>, ApplicationView>>,
  Proves<Equals<z.infer<typeof attachmentContentSchema>, AttachmentContent>>,
  Proves<Equals<z.infer<typeof statusListViewSchema>, StatusListView>>,
  Proves<Equals<z.infer<typeof passwordsViewSchema>, PasswordsView>>,
  Proves<Equals<z.infer<typeof reviewCheckViewSchema>, ReviewCheckView>>,
  Proves<Equals<z.infer<typeof actor>, Actor>>,
  Proves<Equals<LoginAnswer, CreatedApiToken & {principal: Actor}>>,
  Proves<Equals<SessionAnswer, {principal: Actor} & Pick<ApiTokenPrincipal, 'readOnly' | 'tokenId' | 'expiresAt'>>>,
  Proves<Equals<z.infer<typeof logoutAnswerSchema>, Awaited<ReturnType<typeof revokeOwnToken>>>>,
  Proves<Equals<z.infer<typeof readinessSchema>, ReadinessReport>>,
  Proves<Equals<z.infer<typeof passwordChangeSchema>, PasswordChange>>,
  Proves<Equals<z.infer<typeof ownershipResultSchema>, OwnershipResult>>,
  Proves<Equals<z.infer<typeof officeViewSchema>, OfficeView>>,
  Proves<Equals<z.infer<typeof sendersViewSchema>, SendersView>>,
  Proves<Equals<z.infer<typeof sendersChangeSchema>, SendersChange>>,
  Proves<Equals<z.infer<typeof draftSavedSchema>, DraftSaved>>,
  Proves<Equals<z.infer<typeof draftListSchema>, DraftList>>,
  Proves<Equals<z.infer<typeof draftViewSchema>, DraftView>>,
  Proves<Equals<z.infer<typeof draftDeletedSchema>, DraftDeleted>>,
]
