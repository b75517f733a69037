/**
 * What the use cases return to an edge (SPEC §9 JSON shapes). With `--json` these objects are printed
 * as they are; the human renderers in src/cli/views draw the seed's screens from the same objects.
 * Stable: extend, don't rename.
 */
import {Contact, PasswordResetRequest, RegistrationChange} from '../domain/application'
import {ApplicationStatus, Locale, MailKind, ProcessingMethod, SystemClass, Timing} from '../domain/vocabulary'

/** apply / amend */
export interface SubmissionResult {
  receiptNo: string
  status: 'received'
  supersedes: string | null
}

/** withdraw / review */
export interface TransitionResult {
  receiptNo: string
  status: ApplicationStatus
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
}

export interface MailView {
  kind: MailKind
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
  /** YYYY-MM-DD until which issued passwords can be viewed, when any were issued. */
  passwordsVisibleUntil: string | null
  locale: Locale
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

/** One finding of `review --check` (SPEC §8), with a notice text ready to send. */
export interface FindingView {
  code: 'reset_selfservice' | 'desired_date_lead' | 'desired_date_closed' | 'registration_unchanged'
  message: string
  notice: string
}

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
