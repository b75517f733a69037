/**
 * The vocabulary of the desk (SPEC §1). Codes are English; the Japanese terms of the seed appear here
 * once, as labels, and every screen and mail takes them from here.
 */

export type Locale = 'ja' | 'en'
export const LOCALES: readonly Locale[] = ['ja', 'en']

/** 処理方式 */
export type ProcessingMethod = 'net' | 'interactive' | 'interactive_pop3'
export const PROCESSING_METHODS: readonly ProcessingMethod[] = ['net', 'interactive', 'interactive_pop3']

/** 区分 / システム区分 */
export type SystemClass = 'sea' | 'air' | 'shared'
export const SYSTEM_CLASSES: readonly SystemClass[] = ['sea', 'air', 'shared']

/** NACCS反映タイミング */
export type Timing = 'earliest' | 'date'
export const TIMINGS: readonly Timing[] = ['earliest', 'date']

/** Status of an application (SPEC §4). */
export type ApplicationStatus = 'received' | 'query' | 'completed' | 'withdrawn' | 'superseded'
export const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['received', 'query', 'completed', 'withdrawn', 'superseded']

/** The fields of a user code's registration info that an application may change (申込情報の修正). */
export type RegistrationField = 'companyNameEn' | 'officeNameEn' | 'addressEn' | 'managerNameEn'
export const REGISTRATION_FIELDS: readonly RegistrationField[] = ['companyNameEn', 'officeNameEn', 'addressEn', 'managerNameEn']

/** The kinds of mail the desk sends (SPEC §10). */
export type MailKind = 'receipt' | 'query' | 'completion' | 'withdrawal' | 'reply-error' | 'contact-changed' | 'senders-changed' | 'message'
  | 'query-reminder' | 'password-reminder' | 'registration-applied' | 'staff-notice' | 'staff-digest'

/** The mails to the center's staff (issue 14): never to an office, never in an office's `status`. */
export const STAFF_MAIL_KINDS = ['staff-notice', 'staff-digest'] as const satisfies readonly MailKind[]
export type StaffMailKind = typeof STAFF_MAIL_KINDS[number]
/** The mails about an application to its office. */
export type OfficeMailKind = Exclude<MailKind, StaffMailKind>

/** What a staff notice is about (issue 14). */
export type StaffEvent = 'new-application' | 'amendment' | 'withdrawal' | 'office-message' | 'mail-failed' | 'mail-bounced'

type Labels<K extends string> = Record<Locale, Record<K, string>>

/** What a staff notice says happened (its subject and first line). */
export const STAFF_EVENT_LABELS: Labels<StaffEvent> = {
  ja: {
    'new-application': '新しいシステム設定申込', amendment: '申込内容の修正', withdrawal: '申込の取下げ',
    'office-message': '事業所からの連絡', 'mail-failed': '事業所へのメールの送信失敗', 'mail-bounced': '事業所へのメールの不達',
  },
  en: {
    'new-application': 'New application', amendment: 'Amendment', withdrawal: 'Withdrawal',
    'office-message': 'Message from the office', 'mail-failed': 'A mail to the office failed', 'mail-bounced': 'A mail to the office bounced',
  },
}

export const STATUS_LABELS: Labels<ApplicationStatus> = {
  ja: { received: '申込受付', query: '内容確認', completed: '審査終了', withdrawn: '取下げ', superseded: '修正済' },
  en: { received: 'Received', query: 'Query', completed: 'Review completed', withdrawn: 'Withdrawn', superseded: 'Superseded' },
}

export const METHOD_LABELS: Labels<ProcessingMethod> = {
  ja: { net: 'net', interactive: 'インタ', interactive_pop3: 'インタ・POP3併用' },
  en: { net: 'netNACCS', interactive: 'Interactive', interactive_pop3: 'Interactive + POP3' },
}

export const SYSTEM_CLASS_LABELS: Labels<SystemClass> = {
  ja: { sea: '海上', air: '航空', shared: '共用' },
  en: { sea: 'Sea', air: 'Air', shared: 'Sea/Air' },
}

export const TIMING_LABELS: Labels<Timing> = {
  ja: { earliest: '最短の日程で登録を希望', date: '日付を指定して登録を希望' },
  en: { earliest: 'Earliest possible date', date: 'On the date given' },
}

export const REGISTRATION_FIELD_LABELS: Labels<RegistrationField> = {
  ja: { companyNameEn: '企業名(英)', officeNameEn: '事業所名(英)', addressEn: '事業所所在地(英)', managerNameEn: '業務責任者名(英)' },
  en: { companyNameEn: 'Company name', officeNameEn: 'Office name', addressEn: 'Address', managerNameEn: 'Manager name' },
}

/** A user ID (利用者ID) is the user code followed by the identification number: 1ANAC + A01 = 1ANACA01. */
export function formatUserId(userCode: string, ident: string): string {
  return `${userCode}${ident}`
}

export const USER_CODE_PATTERN = /^[0-9A-Z]{5}$/
export const IDENT_PATTERN = /^[0-9A-Z]{3}$/
export const OFFICE_CODE_PATTERN = /^[0-9A-Z]{3,10}$/

/** 進行状況 作業項目 (SPEC §4, the seed's 参照 screen). */
export const LOG_ITEM_LABELS: Labels<'apply' | 'apply_amendment' | 'query' | 'complete' | 'superseded' | 'withdraw' | 'center_message' | 'office_message'> = {
  ja: {
    center_message: 'NACCSセンターからの連絡',
    apply: 'システム設定申込',
    apply_amendment: 'システム設定申込(修正)',
    query: 'システム設定申込 回答(内容確認)',
    complete: 'システム設定申込 回答(審査終了)',
    superseded: 'システム設定申込 修正',
    withdraw: 'システム設定申込 取下げ',
    office_message: '事業所からの連絡',
  },
  en: {
    center_message: 'Message from NACCS Center',
    apply: 'System settings application',
    apply_amendment: 'System settings application (amendment)',
    query: 'Reply: query',
    complete: 'Reply: review completed',
    superseded: 'Amended',
    withdraw: 'Withdrawn',
    office_message: 'Message from the office',
  },
}

/** 新着情報 messages, word for word from the seed (SPEC §4). */
export const NEWS_MESSAGES: Labels<'query' | 'completed' | 'message'> = {
  ja: {
    message: 'システム設定申込についてNACCSセンターからの連絡があります。通知内容をご確認ください。',
    query: 'システム設定申込内容に確認事項があります。通知内容をご確認の上、申込内容の修正、または取り下げを行ってください。',
    completed: 'システム設定申込内容の審査が完了しました。通知内容をご確認ください。',
  },
  en: {
    message: 'NACCS Center has sent a message about your system settings application. Please read the notice.',
    query: 'There is a question about your system settings application. Please read the notice, then amend or withdraw the application.',
    completed: 'The review of your system settings application is complete. Please read the notice.',
  },
}

/** The notices the desk itself writes on amended applications, naming the other receipt number. */
export const AMENDMENT_NOTICES: Record<Locale, {amendedTo: (n: string) => string; amendedFrom: (n: string) => string}> = {
  ja: {
    amendedTo: n => `修正後の申込受付番号: ${n}`,
    amendedFrom: n => `修正元の申込受付番号: ${n}`,
  },
  en: {
    amendedTo: n => `Amended as receipt number ${n}`,
    amendedFrom: n => `Amends receipt number ${n}`,
  },
}
