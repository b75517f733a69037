/**
 * `nss status RECEIPT`: the seed's システム設定申込内容 参照 screen — 申込概要, 申込担当者情報,
 * システム設定情報 (申込情報) and 進行状況 — plus the mails sent about it.
 */
import {ApplicationView, EntryView} from '../../app/views'
import {
  AMENDMENT_NOTICES,
  Locale,
  LOG_ITEM_LABELS,
  REGISTRATION_FIELD_LABELS,
  REGISTRATION_FIELDS,
  STATUS_LABELS,
  SYSTEM_CLASS_LABELS,
  TIMING_LABELS,
} from '../../domain/vocabulary'
import {SCREEN_LABELS, ScreenLabels} from '../labels'
import {Style} from '../style'
import {KeyValue, renderKeyValueRows, renderTable} from '../table'
import {widestLine} from '../text-width'
import {bodyWidth, formatScreenDate, formatScreenMinute, joinBlocks, paragraph, RenderOptions, section} from './layout'

// The seed's 申込概要 pairs two items a row; 備考 and the amendment links take a row of their own.
function renderSummary(view: ApplicationView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const pair = (label: string, value: string): KeyValue => [style.label(label), value]
  const rows: KeyValue[][] = [
    [pair(labels.receiptNo, style.receiptNo(view.receiptNo)), pair(labels.status, style.status(view.status, STATUS_LABELS[locale][view.status]))],
    [pair(labels.submittedAt, formatScreenMinute(view.submittedAt)), pair(labels.registrationDate, formatScreenDate(view.registrationDate))],
    [pair(labels.timing, TIMING_LABELS[locale][view.timing]), pair(labels.desiredDate, formatScreenDate(view.desiredDate))],
    [pair(labels.remarks, view.remarks)],
  ]
  if (view.supersedes) rows.push([pair(labels.supersedes, view.supersedes)])
  if (view.supersededBy) rows.push([pair(labels.supersededBy, view.supersededBy)])
  // Reviewers only (issue 14): the view of an office has no owner at all.
  if (view.owner !== undefined) rows.push([pair(labels.owner, view.owner ?? style.muted(labels.nobody))])
  return section(labels.summary, [renderKeyValueRows(rows, {maxWidth: bodyWidth(options)})], style)
}

/** 申込担当者情報 (the 参照 and 確認 screens). */
export function renderContact(view: Pick<ApplicationView, 'contact'>, labels: ScreenLabels, style: Style, options: RenderOptions): string {
  const {contact} = view
  const pairs: KeyValue[] = [
    [labels.contactName, contact.name],
    [labels.contactKana, contact.kana],
    [labels.department, contact.department],
    [labels.jobTitle, contact.title ?? ''],
    [labels.phone, contact.phone],
    [labels.fax, contact.fax ?? ''],
    [labels.email, contact.email],
  ]
  const rows = pairs.map(([label, value]): KeyValue[] => [[style.label(label), value]])
  return section(labels.contact, [renderKeyValueRows(rows, {maxWidth: bodyWidth(options)})], style)
}

/** The value a registration field will have once this application is registered (what the seed's 申込情報 shows). */
function valueAfterChange(entry: EntryView, field: (typeof REGISTRATION_FIELDS)[number]): string {
  return entry.registration?.[field] ?? entry[field]
}

function renderEntries(view: Pick<ApplicationView, 'entries'>, locale: Locale, style: Style, width: number | undefined): string {
  const labels = SCREEN_LABELS[locale]
  const headers = [labels.userCode, ...REGISTRATION_FIELDS.map((field) => REGISTRATION_FIELD_LABELS[locale][field]), labels.systemClass, labels.industry]
  const rows = view.entries.map((entry) => [
    entry.userCode,
    ...REGISTRATION_FIELDS.map((field) => valueAfterChange(entry, field)),
    SYSTEM_CLASS_LABELS[locale][entry.systemClass],
    entry.industry,
  ])
  return `${style.heading(labels.entries)}\n${renderTable(headers.map(style.label), rows, {maxWidth: width})}`
}

/** The requested changes, field by field: current → new. */
function renderRegistrationChanges(view: Pick<ApplicationView, 'entries'>, locale: Locale, style: Style, width: number | undefined): string {
  const labels = SCREEN_LABELS[locale]
  const rows: string[][] = []
  for (const entry of view.entries) {
    const changed = REGISTRATION_FIELDS.filter((field) => entry.registration?.[field] !== undefined)
    changed.forEach((field, index) => {
      rows.push([index === 0 ? entry.userCode : '', REGISTRATION_FIELD_LABELS[locale][field], `${entry[field]} → ${entry.registration?.[field]}`])
    })
  }
  if (rows.length === 0) return ''
  const headers = [labels.userCode, labels.field, labels.change].map(style.label)
  return `${style.heading(labels.registrationChanges)}\n${renderTable(headers, rows, {maxWidth: width})}`
}

function renderPasswordResets(view: Pick<ApplicationView, 'entries'>, locale: Locale, style: Style, width: number | undefined): string {
  const labels = SCREEN_LABELS[locale]
  const rows = view.entries
    .filter((entry) => entry.passwordReset !== null)
    .map((entry) => [entry.userCode, entry.passwordReset?.userIds.join('\n') ?? '', entry.passwordReset?.reason ?? ''])
  if (rows.length === 0) return ''
  const headers = [labels.userCode, labels.userId, labels.resetReason].map(style.label)
  return `${style.heading(labels.passwordReset)}\n${renderTable(headers, rows, {maxWidth: width})}`
}

/** システム設定情報: 申込情報, the registration changes and the password resets (the 参照 and 確認 screens). */
export function renderSystemSettings(view: Pick<ApplicationView, 'entries'>, locale: Locale, style: Style, options: RenderOptions): string {
  const width = bodyWidth(options)
  const parts = [
    renderEntries(view, locale, style, width),
    renderRegistrationChanges(view, locale, style, width),
    renderPasswordResets(view, locale, style, width),
  ]
  return section(SCREEN_LABELS[locale].systemSettings, parts, style)
}

/**
 * A 進行状況 item in the screen's language: the view carries it as a label of the office's language
 * (`log[].item` is data in --json); a known label is said again in the screen's (NSS_LOCALE, issue 13).
 */
function logItemIn(item: string, viewLocale: Locale, screenLocale: Locale): string {
  if (viewLocale === screenLocale) return item
  const labels = LOG_ITEM_LABELS[viewLocale] as Record<string, string>
  const kind = Object.keys(labels).find(key => labels[key] === item)
  return kind ? (LOG_ITEM_LABELS[screenLocale] as Record<string, string>)[kind] : item
}

/**
 * A notice in the screen's language when the desk wrote it (修正後の申込受付番号: R, AMENDMENT_NOTICES);
 * what a reviewer or an office wrote stays as written.
 */
function noticeIn(notice: string, viewLocale: Locale, screenLocale: Locale): string {
  if (viewLocale === screenLocale) return notice
  for (const kind of ['amendedTo', 'amendedFrom'] as const) {
    const [before, after] = AMENDMENT_NOTICES[viewLocale][kind]('\u0000').split('\u0000')
    const receiptNo = notice.startsWith(before) && notice.endsWith(after) ? notice.slice(before.length, notice.length - after.length) : ''
    if (/^\d{7}C$/.test(receiptNo)) return AMENDMENT_NOTICES[screenLocale][kind](receiptNo)
  }
  return notice
}

/** The narrowest line notices wrap at when the width is not known (the classic terminal's). */
const NOTICE_MIN_WIDTH = 80

/**
 * 進行状況. A notice is prose, often hundreds of characters: at the terminal's width it wraps like any
 * cell; without a known width (piped, no COLUMNS) it wraps all the same, at the width the rest of the
 * screen takes (at least 80 columns) — unwrapped, it drew a rule as long as itself.
 */
function renderProgress(view: ApplicationView, locale: Locale, labels: ScreenLabels, style: Style, options: RenderOptions, screenWidth: number): string {
  // Reviewers see who did each (issue 14); an office's view carries no actor.
  const hasActors = view.log.some((entry) => entry.actor !== undefined)
  const headers = [labels.logItem, labels.logDate, ...(hasActors ? [labels.logActor] : []), labels.logNotice].map(style.label)
  const rows = view.log.map((entry) => [
    logItemIn(entry.item, view.locale, locale), formatScreenDate(entry.at), ...(hasActors ? [labels.actorText(entry.actor ?? '')] : []), noticeIn(entry.notice, view.locale, locale),
  ])
  const width = bodyWidth({maxWidth: options.maxWidth ?? Math.max(NOTICE_MIN_WIDTH, screenWidth)})
  return section(labels.progress, [renderTable(headers, rows, {maxWidth: width})], style)
}

/** The files the office attached to its replies (issue 14), and how to save one. */
function renderAttachments(view: ApplicationView, labels: ScreenLabels, style: Style, options: RenderOptions): string {
  if (view.attachments.length === 0) return ''
  const headers = [labels.attachmentId, labels.attachmentName, labels.attachmentType, labels.attachmentSize].map(style.label)
  const rows = view.attachments.map((file) => [String(file.id), file.filename, file.contentType, String(file.size)])
  return section(labels.attachments, [renderTable(headers, rows, {maxWidth: bodyWidth(options)}), labels.attachmentHint(view.receiptNo)], style)
}

function renderMail(view: ApplicationView, labels: ScreenLabels, style: Style, options: RenderOptions): string {
  if (view.mail.length === 0) return ''
  // A refused or bounced mail shows the server's answer, so the office and the desk see why (SPEC §10).
  const hasErrors = view.mail.some((mail) => mail.lastError)
  const headers = [labels.mailKind, labels.mailTo, labels.mailStatus, ...(hasErrors ? [labels.mailError] : [])].map(style.label)
  const rows = view.mail.map((mail) => [
    labels.mailKinds[mail.kind], mail.to.join(', '), labels.mailStatuses[mail.status] + (mail.contentPurged ? labels.mailContentPurged : ''), ...(hasErrors ? [mail.lastError ?? ''] : []),
  ])
  return section(labels.mail, [renderTable(headers, rows, {maxWidth: bodyWidth(options)})], style)
}

/** SPEC §7: the window closes at the end (23:59:59 Japan time) of the last day. */
function renderPasswordsHint(view: ApplicationView, labels: ScreenLabels, style: Style, options: RenderOptions): string {
  if (view.passwordsVisibleUntil === null) return ''
  const command = `nss status ${view.receiptNo} --passwords`
  const until = `${formatScreenDate(view.passwordsVisibleUntil)} 23:59`
  return style.warning(paragraph(labels.passwordsViewable(command, until), options.maxWidth))
}

/** The application as the seed's 参照 screen. */
export function renderApplicationView(view: ApplicationView, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  const title = `${style.heading(labels.applicationTitle)}\n${style.muted(`${labels.office}: ${view.office} ${view.officeName}`.trimEnd())}`
  const before = [title, renderSummary(view, locale, style, options), renderContact(view, labels, style, options), renderSystemSettings(view, locale, style, options)]
  const after = [renderAttachments(view, labels, style, options), renderMail(view, labels, style, options), renderPasswordsHint(view, labels, style, options)]
  const screenWidth = widestLine(joinBlocks([...before, ...after]))
  return joinBlocks([...before, renderProgress(view, locale, labels, style, options, screenWidth), ...after])
}
