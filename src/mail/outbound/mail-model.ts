/**
 * The variables a mail template sees, built from an outbox row's data (src/mail/outbound/mail-data.ts).
 * Everything a person reads is formatted here (dates in the seed's 2021年2月12日 form, labels from the
 * vocabulary), so templates hold wording only. Every variable is always present (null or '' when it
 * does not apply): templates run in Handlebars strict mode, where a missing variable is an error.
 */
import type {ApplicationContent} from '../../domain/application'
import {formatJapaneseDate, LocalDate, tokyoDateOf, toTokyoIso, weekdayOf} from '../../domain/japan-time'
import {formatReplyForm} from '../../domain/reply-form'
import {
  formatUserId, Locale, MailKind, REGISTRATION_FIELD_LABELS, REGISTRATION_FIELDS, STAFF_EVENT_LABELS, StaffEvent, SYSTEM_CLASS_LABELS,
  TIMING_LABELS,
} from '../../domain/vocabulary'
import type {ApplicationMailData, DigestItem, ReplyErrorMailData, SendersChangedMailData, StaffDigestMailData, StaffNoticeMailData} from './mail-data'

/** What the model needs of an outbox row. */
export interface MailSource {
  kind: MailKind
  locale: Locale
  receiptNo: string | null
  data: Record<string, unknown>
  /** ISO 8601: when the row was written (the mail's Date). */
  createdAt: string
}

/** One registration field of a change: its label, the value now, the value asked for. */
export interface RegistrationLineModel {
  label: string
  current: string
  requested: string
}

/** One user code of the application as a mail shows it. */
export interface EntryModel {
  userCode: string
  /** 海上・航空・共用 / 業種, for orientation. */
  systemClass: string
  industry: string
  passwordReset: {userIds: string; reason: string} | null
  registration: RegistrationLineModel[] | null
}

/** The variables of receipt, query, completion and withdrawal mails. */
export interface ApplicationMailModel {
  kind: MailKind
  receiptNo: string
  officeName: string
  contactName: string
  /** The contact's e-mail address; with `previousContactEmail`, the one before an amendment changed it. */
  contactEmail: string
  previousContactEmail: string | null
  adminName: string
  submittedDate: string
  /** The day the mail was written (e.g. the withdrawal day). */
  mailDate: string
  supersedes: string | null
  timing: string
  desiredDate: string | null
  remarks: string
  entries: EntryModel[]
  /** The entries with a registration change (the completion mail says when they take effect). */
  registrationEntries: EntryModel[]
  notice: string
  registrationDate: string | null
  passwordsVisibleUntil: string | null
  /** The user IDs whose passwords were re-issued (never the passwords). */
  passwordUserIds: string | null
  /** The reply form of SPEC §11 step 5 (query mails), else null. */
  replyForm: string | null
  statusCommand: string
  passwordsCommand: string
}

/** The variables of a reply-error mail. */
export interface ReplyErrorMailModel {
  kind: 'reply-error'
  receiptNo: string | null
  subject: string
  receivedAt: string
  problems: string[]
  /** The application's names when known, for the greeting; else null. */
  officeName: string | null
  contactName: string | null
  replyForm: string | null
  statusCommand: string | null
}

/** The variables of a notice to the center's staff (issue 14). */
export interface StaffNoticeModel {
  kind: 'staff-notice'
  event: StaffEvent
  eventLabel: string
  receiptNo: string
  officeCode: string
  officeName: string
  /** The receipt number an amendment replaces, else null. */
  supersedes: string | null
  /** What the event adds: the failed mail and its answer, the office's message; '' for none. */
  detail: string
  mailDate: string
  statusCommand: string
}


/** The variables of a senders-changed mail. */
export interface SendersChangedMailModel {
  kind: 'senders-changed'
  receiptNo: null
  officeCode: string
  officeName: string
  adminName: string
  isAdded: boolean
  address: string
  /** The list after the change; empty when none is left. */
  senders: string[]
  mailDate: string
}

/** The variables of the staff's daily digest (issue 14): each list as lines ready to print. */
export interface StaffDigestModel {
  kind: 'staff-digest'
  receiptNo: null
  day: string
  overdue: string[]
  dueToday: string[]
  unansweredQueries: string[]
  officeMessages: string[]
  undelivered: string[]
  /** Nothing in any list. */
  isQuiet: boolean
}

/** The variables of any mail. */
export type MailModel = ApplicationMailModel | ReplyErrorMailModel | SendersChangedMailModel | StaffNoticeModel | StaffDigestModel

const JA_WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土']
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** A day as the mails print it: 2021年2月12日 / 2021-02-12. */
export function formatMailDate(date: LocalDate, locale: Locale): string {
  return locale === 'ja' ? formatJapaneseDate(date) : date
}

/** A day with its weekday: 2021年2月5日(金) / Fri 2021-02-05. */
function formatMailDateWithWeekday(date: LocalDate, locale: Locale): string {
  return locale === 'ja'
    ? `${formatJapaneseDate(date)}(${JA_WEEKDAYS[weekdayOf(date)]})`
    : `${EN_WEEKDAYS[weekdayOf(date)]} ${date}`
}

/** The model of any mail kind. Throws when the row's data lacks what its kind needs. */
export function buildMailModel(source: MailSource): MailModel {
  if (source.kind === 'reply-error') return buildReplyErrorModel(source)
  if (source.kind === 'staff-notice') return buildStaffNoticeModel(source)
  if (source.kind === 'staff-digest') return buildStaffDigestModel(source)
  if (source.kind === 'senders-changed') return buildSendersChangedModel(source)
  return buildApplicationModel(source.kind, source.locale, source.data as unknown as ApplicationMailData, source.createdAt)
}

function buildApplicationModel(kind: MailKind, locale: Locale, data: ApplicationMailData, createdAt: string): ApplicationMailModel {
  requireFields(data, ['receiptNo', 'submittedDate', 'officeName', 'contactName', 'timing', 'entries'])
  const userCodes = new Map((data.userCodes ?? []).map(u => [u.code, u]))
  const entries: EntryModel[] = data.entries.map(entry => {
    const current = userCodes.get(entry.userCode)
    return {
      userCode: entry.userCode,
      systemClass: current ? SYSTEM_CLASS_LABELS[locale][current.systemClass] : '',
      industry: current?.industry ?? '',
      passwordReset: entry.passwordReset
        ? {userIds: entry.passwordReset.ids.map(id => formatUserId(entry.userCode, id)).join(', '), reason: entry.passwordReset.reason}
        : null,
      registration: entry.registration
        ? REGISTRATION_FIELDS.filter(f => entry.registration![f] !== undefined).map(field => ({
          label: REGISTRATION_FIELD_LABELS[locale][field],
          current: current?.[field] ?? '',
          requested: entry.registration![field]!,
        }))
        : null,
    }
  })
  const resetIds = data.entries.flatMap(e => e.passwordReset?.ids.map(id => formatUserId(e.userCode, id)) ?? [])
  const visibleUntil = data.passwordsVisibleUntil ?? null
  return {
    kind,
    receiptNo: data.receiptNo,
    officeName: data.officeName,
    contactName: data.contactName,
    contactEmail: data.contactEmail ?? '',
    previousContactEmail: data.previousContactEmail ?? null,
    adminName: data.adminName ?? '',
    submittedDate: formatMailDate(data.submittedDate, locale),
    mailDate: formatMailDate(tokyoDateOf(new Date(createdAt)), locale),
    supersedes: data.supersedes ?? null,
    timing: TIMING_LABELS[locale][data.timing],
    desiredDate: data.desiredDate ? formatMailDate(data.desiredDate, locale) : null,
    remarks: data.remarks ?? '',
    entries,
    registrationEntries: entries.filter(e => e.registration !== null),
    notice: data.notice ?? '',
    registrationDate: data.registrationDate ? formatMailDate(data.registrationDate, locale) : null,
    passwordsVisibleUntil: visibleUntil ? `${formatMailDateWithWeekday(visibleUntil, locale)} 23:59` : null,
    passwordUserIds: visibleUntil && resetIds.length > 0 ? resetIds.join(', ') : null,
    replyForm: kind === 'query' || (kind === 'message' && data.status === 'query') ? formatReplyForm(data.receiptNo, contentOf(data), locale) : null,
    statusCommand: `nss status ${data.receiptNo}`,
    passwordsCommand: `nss status ${data.receiptNo} --passwords`,
  }
}

function buildReplyErrorModel(source: MailSource): ReplyErrorMailModel {
  const data = source.data as unknown as ReplyErrorMailData
  requireFields(data, ['subject', 'receivedAt', 'problems'])
  const app = data.application ?? null
  const receivedAt = new Date(data.receivedAt)
  return {
    kind: 'reply-error',
    receiptNo: data.receiptNo ?? null,
    subject: data.subject,
    receivedAt: `${formatMailDate(tokyoDateOf(receivedAt), source.locale)} ${tokyoClock(receivedAt)}`,
    problems: data.problems,
    officeName: app?.officeName ?? null,
    contactName: app?.contactName ?? null,
    replyForm: app ? formatReplyForm(app.receiptNo, contentOf(app), source.locale) : null,
    statusCommand: data.receiptNo ? `nss status ${data.receiptNo}` : null,
  }
}

function buildStaffDigestModel(source: MailSource): StaffDigestModel {
  const data = source.data as unknown as StaffDigestMailData
  requireFields(data, ['day', 'overdue', 'dueToday', 'unansweredQueries', 'undelivered'])
  const ja = source.locale === 'ja'
  const line = (item: DigestItem) => `${item.receiptNo}  ${item.officeCode}  ${formatMailDate(item.date, source.locale)}  ${item.owner ?? (ja ? '担当者なし' : 'nobody')}`
  return {
    kind: 'staff-digest',
    receiptNo: null,
    day: formatMailDateWithWeekday(data.day, source.locale),
    overdue: data.overdue.map(line),
    dueToday: data.dueToday.map(line),
    unansweredQueries: data.unansweredQueries.map(line),
    officeMessages: (data.officeMessages ?? []).map(line),
    undelivered: data.undelivered.map(m => `${m.receiptNo ?? '-'}  ${m.kind}  ${m.status}  ${m.to.join(', ')}`),
    isQuiet: data.overdue.length + data.dueToday.length + data.unansweredQueries.length + (data.officeMessages ?? []).length + data.undelivered.length === 0,
  }
}

function buildStaffNoticeModel(source: MailSource): StaffNoticeModel {
  const data = source.data as unknown as StaffNoticeMailData
  requireFields(data, ['event', 'receiptNo', 'officeCode', 'officeName'])
  return {
    kind: 'staff-notice',
    event: data.event,
    eventLabel: STAFF_EVENT_LABELS[source.locale][data.event],
    receiptNo: data.receiptNo,
    officeCode: data.officeCode,
    officeName: data.officeName,
    supersedes: data.supersedes ?? null,
    detail: data.detail ?? '',
    mailDate: formatMailDate(tokyoDateOf(new Date(source.createdAt)), source.locale),
    statusCommand: `nss status ${data.receiptNo}`,
  }
}

function buildSendersChangedModel(source: MailSource): SendersChangedMailModel {
  const data = source.data as unknown as SendersChangedMailData
  requireFields(data, ['officeCode', 'officeName', 'adminName', 'change', 'address', 'senders'])
  return {
    kind: 'senders-changed',
    receiptNo: null,
    officeCode: data.officeCode,
    officeName: data.officeName,
    adminName: data.adminName,
    isAdded: data.change === 'added',
    address: data.address,
    senders: data.senders,
    mailDate: formatMailDate(tokyoDateOf(new Date(source.createdAt)), source.locale),
  }
}

/** The application as the reply form prefills it. */
function contentOf(data: ApplicationMailData): ApplicationContent {
  return {
    contact: data.contact ?? {name: data.contactName, kana: '', department: '', phone: '', email: data.contactEmail},
    timing: data.timing,
    desiredDate: data.desiredDate,
    remarks: data.remarks ?? '',
    entries: data.entries,
  }
}

/** HH:MM in Japan. */
function tokyoClock(instant: Date): string {
  return toTokyoIso(instant).slice(11, 16)
}

/** A row written without what its kind needs is a bug; say which field is missing. */
function requireFields(data: object, keys: string[]): void {
  const missing = keys.filter(key => (data as Record<string, unknown>)[key] === undefined)
  if (missing.length > 0) throw new Error(`mail data lacks ${missing.join(', ')}`)
}
