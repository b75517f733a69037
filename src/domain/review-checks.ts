/**
 * Review checks (SPEC §8): findings that help a reviewer decide, each with a notice ready to send to
 * the office with a query (`nss review RECEIPT --check`, `--query --from-check`).
 */
import {ApplicationContent} from './application'
import {earliestDesiredDate, meetsLeadTime} from './application-schema'
import {BusinessCalendar} from './business-calendar'
import {LocalDate} from './japan-time'
import {OfficeRecord} from './master-data'
import {message} from './messages'
import {formatUserId, Locale, REGISTRATION_FIELD_LABELS, REGISTRATION_FIELDS} from './vocabulary'

/** One finding of `review --check` (SPEC §8), with a notice text ready to send. */
export interface FindingView {
  code: 'reset_selfservice' | 'desired_date_lead' | 'desired_date_closed' | 'registration_unchanged'
  message: string
  notice: string
}

/** What the checks need besides the application: the review day and the calendar rules. */
export interface ReviewCheckContext {
  /** The day of the review, Japan time. */
  today: LocalDate
  calendar: BusinessCalendar
  minLeadBusinessDays: number
  /** The office's language: a finding's notice is sent to the office. */
  locale: Locale
  /** The reviewer's language (NSS_LOCALE, issue 13): a finding's message is read by the reviewer. Unset: the office's. */
  readerLocale?: Locale
}

/** Every finding about an application, in a stable order: entries first, then the desired date. */
export function checkApplication(app: ApplicationContent, office: OfficeRecord, ctx: ReviewCheckContext): FindingView[] {
  return [
    ...checkSelfServiceResets(app, office, ctx.locale, ctx.readerLocale ?? ctx.locale),
    ...checkUnchangedRegistrations(app, office, ctx.locale, ctx.readerLocale ?? ctx.locale),
    ...checkDesiredDate(app, ctx),
  ]
}

/** The notice `--query --from-check` sends: the findings' notices, one per line. */
export function composeNotice(findings: FindingView[]): string {
  return findings.map((finding) => finding.notice).join('\n')
}

/**
 * A password reset the office can do itself: any other ID of the same user code may initialize these
 * passwords through URY (the seed: 「同一利用者コード(例:1ANAC)のIDであればパスワード初期化(URY)が
 * できるようになっています。複数IDを所有している場合は他のIDに初期化をご依頼ください。」), so the
 * center refuses it (「こちらのパスワード初期化は承る事が出来ません。」).
 */
function checkSelfServiceResets(app: ApplicationContent, office: OfficeRecord, locale: Locale, readerLocale: Locale): FindingView[] {
  const findings: FindingView[] = []
  for (const entry of app.entries) {
    if (!entry.passwordReset) continue
    const record = office.userCodes.find((candidate) => candidate.code === entry.userCode)
    if (!record) continue
    const requestedIdents = new Set(entry.passwordReset.ids)
    const others = record.userIds
      .filter((userId) => !requestedIdents.has(userId.ident))
      .map((userId) => formatUserId(record.code, userId.ident))
    if (others.length === 0) continue
    const params = {
      userCode: record.code,
      requested: entry.passwordReset.ids.map((ident) => formatUserId(record.code, ident)),
      others,
    }
    findings.push({
      code: 'reset_selfservice',
      message: message(readerLocale, 'review.resetSelfService.message', params),
      notice: message(locale, 'review.resetSelfService.notice', params),
    })
  }
  return findings
}

/** A registration change whose every given value equals the current registration changes nothing. */
function checkUnchangedRegistrations(app: ApplicationContent, office: OfficeRecord, locale: Locale, readerLocale: Locale): FindingView[] {
  const findings: FindingView[] = []
  for (const entry of app.entries) {
    if (!entry.registration) continue
    const record = office.userCodes.find((candidate) => candidate.code === entry.userCode)
    if (!record) continue
    const given = REGISTRATION_FIELDS.filter((field) => entry.registration?.[field] !== undefined)
    if (given.length === 0 || !given.every((field) => entry.registration?.[field] === record[field])) continue
    const params = {userCode: record.code, fields: given.map((field) => REGISTRATION_FIELD_LABELS[locale][field])}
    findings.push({
      code: 'registration_unchanged',
      message: message(readerLocale, 'review.registrationUnchanged.message', {...params, fields: given.map((field) => REGISTRATION_FIELD_LABELS[readerLocale][field])}),
      notice: message(locale, 'review.registrationUnchanged.notice', params),
    })
  }
  return findings
}

/** The desired date was checked at submission; by the review day it may be too close or (with new
 *  extra closed days) no longer a business day. */
function checkDesiredDate(app: ApplicationContent, ctx: ReviewCheckContext): FindingView[] {
  if (app.timing !== 'date' || app.desiredDate === null) return []
  const date = app.desiredDate
  const findings: FindingView[] = []
  if (!ctx.calendar.isBusinessDay(date)) {
    findings.push({
      code: 'desired_date_closed',
      message: message(ctx.readerLocale ?? ctx.locale, 'review.desiredDateClosed.message', {date}),
      notice: message(ctx.locale, 'review.desiredDateClosed.notice', {date}),
    })
  }
  if (!meetsLeadTime(ctx.calendar, ctx.today, date, ctx.minLeadBusinessDays)) {
    const lead = ctx.minLeadBusinessDays
    const earliest = earliestDesiredDate(ctx.calendar, ctx.today, lead)
    findings.push({
      code: 'desired_date_lead',
      message: message(ctx.readerLocale ?? ctx.locale, 'review.desiredDateLead.message', {date, lead, today: ctx.today}),
      notice: message(ctx.locale, 'review.desiredDateLead.notice', {date, lead, earliest}),
    })
  }
  return findings
}

