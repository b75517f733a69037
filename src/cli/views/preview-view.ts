/**
 * `nss apply --dry-run` / `nss amend R --dry-run` (issue 13): the seed's システム設定申込内容 確認 screen —
 * 「入力した内容を確認してください。」, NACCS登録希望日に関する項目 (timing, desired date, 備考),
 * 申込担当者情報 and システム設定情報 (申込情報) — with an amendment's changes as current → new, then
 * every problem, then whether apply / amend would accept it.
 */
import type {ApplicationPreview, FieldChange, SubmissionPreview} from '../../app/views'
import {FIELD_LABELS, FieldKey} from '../../domain/messages'
import {Locale, TIMING_LABELS, Timing} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'
import {KeyValue, renderKeyValueRows, renderTable} from '../table'
import {renderContact, renderSystemSettings} from './application-view'
import {bodyWidth, formatScreenDate, joinBlocks, paragraph, RenderOptions, section} from './layout'

function renderDesiredDate(preview: ApplicationPreview, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const rows: KeyValue[][] = [
    [[style.label(labels.timing), TIMING_LABELS[locale][preview.timing]]],
    [[style.label(labels.desiredDate), formatScreenDate(preview.desiredDate)]],
    [[style.label(labels.remarks), preview.remarks]],
  ]
  return section(labels.desiredDateItems, [renderKeyValueRows(rows, {maxWidth: bodyWidth(options)})], style)
}

/** A change's path in the screen's words: `1ANAC 事業所名(英)`, `E-mailアドレス`. */
function fieldName(field: string, locale: Locale): string {
  const labels = FIELD_LABELS[locale] as Record<string, string>
  const entry = /^entries\.([^.]+)(?:\.(.+))?$/.exec(field)
  if (!entry) return labels[field] ?? field
  const [, userCode, rest] = entry
  return rest === undefined ? userCode : `${userCode} ${labels[`entries[].${rest}` as FieldKey] ?? rest}`
}

function valueText(change: FieldChange, value: FieldChange['current'], locale: Locale): string {
  if (value === null) return '—'
  if (Array.isArray(value)) return value.join(', ')
  if (change.field === 'timing') return TIMING_LABELS[locale][value as Timing] ?? value
  if (change.field === 'desiredDate') return formatScreenDate(value)
  return value
}

function renderChanges(preview: ApplicationPreview, locale: Locale, style: Style, options: RenderOptions): string {
  if (preview.supersedes === null) return ''
  const labels = SCREEN_LABELS[locale]
  const headers = [labels.field, labels.change].map(style.label)
  const rows = preview.changes.map(change => [
    fieldName(change.field, locale), `${valueText(change, change.current, locale)} → ${valueText(change, change.new, locale)}`,
  ])
  const table = rows.length === 0 ? '—' : renderTable(headers, rows, {maxWidth: bodyWidth(options)})
  return section(labels.previewChanges, [table], style)
}

function renderProblems(result: SubmissionPreview, locale: Locale, style: Style): string {
  if (result.valid) return ''
  const lines = result.issues.map(issue => `- ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`)
  return section(SCREEN_LABELS[locale].previewProblems, [style.warning(lines.join('\n'))], style)
}

/** The 確認 screen of a dry run, its problems, and the verdict. */
export function renderSubmissionPreview(result: SubmissionPreview, locale: Locale, style: Style, options: RenderOptions = {}, draftId?: string): string {
  const preview = result.preview
  const screenLocale = preview?.locale ?? locale
  const labels = SCREEN_LABELS[screenLocale]
  // A draft's (nss draft show, issue 13): no --dry-run to leave out, its submission is nss draft submit.
  const head = [style.heading(labels.previewTitle), labels.previewIntro, style.muted(draftId ? labels.draftNothingDone : labels.previewNothingDone)]
  if (preview) head.push(style.muted(`${labels.office}: ${preview.office} ${preview.officeName}`.trimEnd()))
  if (preview?.supersedes) head.push(labels.previewAmends(preview.supersedes))
  const blocks = [head.join('\n')]
  if (preview) {
    blocks.push(
      renderChanges(preview, screenLocale, style, options),
      renderDesiredDate(preview, screenLocale, style, options),
      renderContact(preview, labels, style, options),
      renderSystemSettings(preview, screenLocale, style, options),
    )
  }
  blocks.push(renderProblems(result, screenLocale, style))
  const command = preview?.supersedes ? `nss amend ${preview.supersedes}` : 'nss apply'
  blocks.push(result.valid
    ? style.success(paragraph(draftId ? labels.draftAccepted(draftId) : labels.previewAccepted(command), options.maxWidth))
    : style.warning(paragraph(labels.previewRefused(result.issues.length), options.maxWidth)))
  return joinBlocks(blocks)
}
