/**
 * What an outbox row's `data` holds (SPEC §10): written with the state change (src/app/effects.ts),
 * read when the mail is rendered, possibly much later and by another process, so it is plain JSON and
 * self-contained. Never a password (SPEC §7): issued passwords are shown only by `status --passwords`.
 */
import type {ApplicationEntry, Contact} from '../../domain/application'
import type {LocalDate} from '../../domain/japan-time'
import type {StaffEvent, SystemClass, Timing} from '../../domain/vocabulary'

/** A user code named in the application, with its registration values as they were when the mail was written. */
export interface MailUserCode {
  code: string
  companyNameEn: string
  officeNameEn: string
  addressEn: string
  managerNameEn: string
  systemClass: SystemClass
  industry: string
}

/** The threading of a mail that answers an inbound mail (SPEC §10: In-Reply-To/References, auto-replied). */
export interface MailThreading {
  /** Message-ID of the mail answered, with its angle brackets. */
  inReplyTo?: string | null
  references?: string[]
}

/** The data of every mail about an application: receipt, query, completion, withdrawal. */
export interface ApplicationMailData extends MailThreading {
  receiptNo: string
  submittedDate: LocalDate
  officeCode: string
  officeName: string
  adminName: string
  adminEmail?: string
  contactName: string
  contactEmail: string
  contact?: Contact
  timing: Timing
  desiredDate: LocalDate | null
  remarks: string
  entries: ApplicationEntry[]
  /** The receipt number this application amends (the receipt mail names it). */
  supersedes: string | null
  /** The application's status when the mail was written: a message under query carries the reply form (issue 14). */
  status?: string
  /** The user codes named, with their current registration values. */
  userCodes?: MailUserCode[]
  /** The reviewer's notice (通知内容); '' for none. */
  notice?: string
  /** Contact-changed: the contact's e-mail address before the amendment (issue 11 point 2). */
  previousContactEmail?: string
  /** Completion: NACCS登録日. */
  registrationDate?: LocalDate
  /** Completion with password resets: the last day the passwords can be viewed; null without resets. */
  passwordsVisibleUntil?: LocalDate | null
}

/**
 * The data of a senders-changed mail (issue 13): an authorised sender added to or removed from an
 * office's list, told to its 管理責任者, with the list as it now is.
 */
export interface SendersChangedMailData {
  receiptNo: null
  officeCode: string
  officeName: string
  adminName: string
  change: 'added' | 'removed'
  address: string
  /** The list after the change. */
  senders: string[]
}

/**
 * The data of a reply-error mail (SPEC §11 step 7): every problem found in a reply, as lines for a
 * person. With `application` (an application under query) the mail carries the reply form again and the
 * signed Reply-To, so the office can correct and reply once more.
 */
export interface ReplyErrorMailData extends MailThreading {
  receiptNo: string | null
  /** The Subject of the mail answered. */
  subject: string
  /** When it arrived (ISO 8601). */
  receivedAt: string
  problems: string[]
  application?: ApplicationMailData | null
}

/** The data of a staff notice (issue 14, src/app/staff-notices.ts). */
export interface StaffNoticeMailData {
  event: StaffEvent
  receiptNo: string
  officeCode: string
  officeName: string
  supersedes?: string | null
  detail?: string
}

/** One application in the staff's digest (issue 14). */
export interface DigestItem {
  receiptNo: string
  officeCode: string
  /** YYYY-MM-DD: its due date, or (unanswered queries) the day of the query. */
  date: string
  owner: string | null
}

/** The data of the staff's daily digest (src/app/reminders.ts). */
export interface StaffDigestMailData {
  /** YYYY-MM-DD (Japan): the business day it is for. */
  day: string
  overdue: DigestItem[]
  dueToday: DigestItem[]
  unansweredQueries: DigestItem[]
  /** 事業所からの連絡 written since the previous digest (date: the day it came). */
  officeMessages?: DigestItem[]
  /** Mails to offices that failed or bounced since the last digest day. */
  undelivered: {receiptNo: string | null; kind: string; status: string; to: string[]}[]
}
