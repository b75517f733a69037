/**
 * What the use cases return to an edge (SPEC §9 JSON shapes). With `--json` these objects are printed
 * as they are; the human renderers in src/cli/views draw the seed's screens from the same objects.
 * Stable: extend, don't rename.
 */
import {Contact, PasswordResetRequest, RegistrationChange} from '../domain/application'
import type {FieldChange} from '../domain/field-changes'

export type {FieldChange} from '../domain/field-changes'
import {ApplicationStatus, Locale, OfficeMailKind, ProcessingMethod, SystemClass, Timing} from '../domain/vocabulary'

/** apply / amend */
export interface SubmissionResult {
  receiptNo: string
  status: 'received'
  supersedes: string | null
}

/** The application a dry run would register: the seed's システム設定申込内容 確認 screen as data. */
export interface ApplicationPreview {
  office: string
  officeName: string
  timing: Timing
  /** YYYY-MM-DD or null */
  desiredDate: string | null
  remarks: string
  contact: Contact
  entries: EntryView[]
  /** An amendment's: the receipt number it would supersede; null for an apply. */
  supersedes: string | null
  /** An amendment's: each field it changes, current → new ([] for an apply). */
  changes: FieldChange[]
  locale: Locale
}

/** apply --dry-run / amend --dry-run: whether it would be accepted, every problem, and what would be registered. */
export interface SubmissionPreview {
  valid: boolean
  issues: {path: string; message: string}[]
  /** null when the input does not validate (there is no application to show). */
  preview: ApplicationPreview | null
}

/** withdraw / review */
export interface TransitionResult {
  receiptNo: string
  status: ApplicationStatus
}

/** review --take / --release (issue 14): who owns the application now, and who did before. */
export interface OwnershipResult {
  receiptNo: string
  owner: string | null
  previousOwner: string | null
}

export interface EntryView {
  userCode: string
  companyNameEn: string
  officeNameEn: string
  addressEn: string
  managerNameEn: string
  systemClass: SystemClass
  industry: string
  passwordReset: (PasswordResetRequest & {userIds: string[]}) | null
  registration: RegistrationChange | null
}

export interface LogView {
  item: string
  /** ISO 8601 with +09:00 */
  at: string
  notice: string
  /** To reviewers only (issue 14): `office:CODE`, `reviewer:ID`, `mail:INBOUND-ID` (the mail bot, `nss mail inbound`), `system`. */
  actor?: string
}

export interface MailView {
  kind: OfficeMailKind
  to: string[]
  status: 'pending' | 'sent' | 'failed' | 'bounced'
  /** The last answer about the mail when there is one: why it failed, who refused it, why it still waits (SPEC §10). */
  lastError?: string
  /** The mail's content was purged after the retention period (NSS_RETENTION_DAYS): it can no longer be sent or shown. */
  contentPurged?: true
}

/** status RECEIPT: the seed's 参照 screen. */
export interface ApplicationView {
  receiptNo: string
  office: string
  officeName: string
  status: ApplicationStatus
  statusLabel: string
  /** ISO 8601 with +09:00 */
  submittedAt: string
  timing: Timing
  /** YYYY-MM-DD or null */
  desiredDate: string | null
  /** YYYY-MM-DD or null */
  registrationDate: string | null
  remarks: string
  contact: Contact
  entries: EntryView[]
  log: LogView[]
  supersedes: string | null
  supersededBy: string | null
  mail: MailView[]
  /** The files the office attached to its replies (issue 14): fetched with `nss attachment ID --out FILE`. */
  attachments: AttachmentView[]
  /** YYYY-MM-DD until which issued passwords can be viewed, when any were issued. */
  passwordsVisibleUntil: string | null
  /** To reviewers only (issue 14): the reviewer ID of the reviewer who took it, or null. */
  owner?: string | null
  locale: Locale
}

/** An attachment as the 参照 screen lists it (issue 14). */
export interface AttachmentView {
  id: number
  filename: string
  contentType: string
  /** bytes */
  size: number
}

export interface NewsView {
  /** YYYY-MM-DD */
  date: string
  kind: 'system_settings'
  receiptNo: string
  message: string
}

export interface ApplicationSummaryView {
  receiptNo: string
  status: ApplicationStatus
  statusLabel: string
  /** ISO 8601 with +09:00 */
  submittedAt: string
  office: string
  /** The reviewer's queue only (issue 14): YYYY-MM-DD, the day to complete it by; null once it is closed. */
  dueDate?: string | null
  /** Business days from today to the due date (0: due today; negative: overdue); null once closed. */
  businessDaysLeft?: number | null
  /** The reviewer ID of its owner (`nss review --take`), or null. */
  owner?: string | null
  /** ISO 8601 with +09:00: its latest 進行状況 entry. */
  lastActivityAt?: string
}

/** status (list): news (the latest 10) and the applications; for a reviewer, the review queue. */
export interface StatusListView {
  news: NewsView[]
  /** The newest first, at most `--limit` (default 100). */
  applications: ApplicationSummaryView[]
  /** How many applications match in all; more than `applications.length` when the list was cut. */
  total: number
  /** A reviewer's review queue (every office's applications), not one office's own list: its table names the office. */
  isReviewQueue: boolean
  locale: Locale
}

/** status RECEIPT --passwords */
export interface PasswordsView {
  receiptNo: string
  /** YYYY-MM-DD: the last day (until 23:59:59 Japan time) the passwords can be viewed. */
  visibleUntil: string
  passwords: {userCode: string; ident: string; password: string}[]
}

export interface ScheduledChangeView {
  receiptNo: string
  /** YYYY-MM-DD */
  effectiveDate: string
  changes: RegistrationChange
}

export interface UserCodeView {
  code: string
  companyNameEn: string
  officeNameEn: string
  addressEn: string
  managerNameEn: string
  systemClass: SystemClass
  industry: string
  userIds: {ident: string; userId: string; method: ProcessingMethod}[]
  scheduled: ScheduledChangeView[]
}

/** office show [CODE]: the contract (契約内容確認) */
export interface OfficeView {
  code: string
  name: string
  adminName: string
  adminEmail: string
  locale: Locale
  hasPassword: boolean
  userCodes: UserCodeView[]
}

// One finding of `review --check`: the domain's (src/domain/review-checks.ts), shown as it is.
export type {FindingView} from '../domain/review-checks'
import type {FindingView} from '../domain/review-checks'

export interface ReviewCheckView {
  receiptNo: string
  findings: FindingView[]
  /** The notice `--from-check` would send: the findings' notices joined. */
  notice: string
}

/** office import */
export interface ImportResult {
  offices: number
  userCodes: number
  userIds: number
}
