/**
 * `nss office show CODE`: the office, its user codes with their current registration info, their
 * user IDs, and registration changes approved but not yet effective (SPEC §2: scheduled changes).
 */
import {OfficeView} from '../../app/views'
import {
  Locale,
  METHOD_LABELS,
  REGISTRATION_FIELD_LABELS,
  REGISTRATION_FIELDS,
  SYSTEM_CLASS_LABELS,
} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'
import {KeyValue, renderKeyValues, renderTable} from '../table'
import {bodyWidth, formatScreenDate, joinBlocks, RenderOptions, section} from './layout'

function renderHeader(view: OfficeView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const pairs: KeyValue[] = [
    [labels.officeCode, view.code],
    [labels.officeName, view.name],
    [labels.adminName, view.adminName],
    [labels.adminEmail, view.adminEmail],
    [labels.locale, labels.localeNames[view.locale]],
    [labels.officePassword, view.hasPassword ? labels.passwordSet : style.warning(labels.passwordNotSet)],
  ]
  const labelled = pairs.map(([label, value]): KeyValue => [style.label(label), value])
  return section(labels.officeTitle, [renderKeyValues(labelled, {maxWidth: bodyWidth(options)})], style)
}

function renderUserCodes(view: OfficeView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  if (view.userCodes.length === 0) return section(labels.userCodes, [style.muted(labels.noUserCodes)], style)
  const headers = [labels.userCode, ...REGISTRATION_FIELDS.map((field) => REGISTRATION_FIELD_LABELS[locale][field]), labels.systemClass, labels.industry]
  const rows = view.userCodes.map((userCode) => [
    userCode.code,
    ...REGISTRATION_FIELDS.map((field) => userCode[field]),
    SYSTEM_CLASS_LABELS[locale][userCode.systemClass],
    userCode.industry,
  ])
  return section(labels.userCodes, [renderTable(headers.map(style.label), rows, {maxWidth: bodyWidth(options)})], style)
}

function renderUserIds(view: OfficeView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const rows = view.userCodes.flatMap((userCode) =>
    userCode.userIds.map((userId) => [userId.userId, METHOD_LABELS[locale][userId.method]]),
  )
  if (rows.length === 0) return ''
  return section(labels.userIds, [renderTable([labels.userId, labels.method].map(style.label), rows, {maxWidth: bodyWidth(options)})], style)
}

// One row per changed field, so a long address wraps within its own cell.
function renderScheduledChanges(view: OfficeView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const rows: string[][] = []
  for (const userCode of view.userCodes) {
    for (const scheduled of userCode.scheduled) {
      for (const field of REGISTRATION_FIELDS) {
        const value = scheduled.changes[field]
        if (value === undefined) continue
        rows.push([formatScreenDate(scheduled.effectiveDate), scheduled.receiptNo, userCode.code, `${REGISTRATION_FIELD_LABELS[locale][field]}: ${userCode[field]} → ${value}`])
      }
    }
  }
  if (rows.length === 0) return section(labels.scheduledChanges, [style.muted(labels.noScheduledChanges)], style)
  rows.sort((a, b) => a[0].localeCompare(b[0]))
  const headers = [labels.effectiveDate, labels.receiptNo, labels.userCode, labels.change].map(style.label)
  return section(labels.scheduledChanges, [renderTable(headers, rows, {maxWidth: bodyWidth(options)})], style)
}

/** The office's master data as `office show` prints it. */
export function renderOfficeView(view: OfficeView, locale: Locale, style: Style, options: RenderOptions = {}): string {
  return joinBlocks([
    renderHeader(view, locale, style, options),
    renderUserCodes(view, locale, style, options),
    renderUserIds(view, locale, style, options),
    renderScheduledChanges(view, locale, style, options),
  ])
}
