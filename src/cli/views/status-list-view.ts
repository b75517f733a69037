/**
 * `nss status`: the seed's メインメニュー — 新着情報 (the latest 10 notices) — and the office's
 * applications; for a reviewer, the review queue, which also names each row's office.
 */
import {StatusListView} from '../../app/views'
import {Locale, STATUS_LABELS} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'
import {renderTable} from '../table'
import {bodyWidth, formatScreenDate, formatScreenMinute, joinBlocks, paragraph, RenderOptions, section} from './layout'

// The seed's 新着情報 rows have no header: date, kind, 【receipt number】, message.
function renderNews(view: StatusListView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  if (view.news.length === 0) return section(labels.news, [style.muted(labels.noNews)], style)
  const rows = view.news.map((news) => [
    formatScreenDate(news.date),
    labels.newsKinds[news.kind],
    style.receiptNo(labels.receiptMark(news.receiptNo)),
    news.message,
  ])
  return section(labels.news, [paragraph(labels.newsIntro, bodyWidth(options)), renderTable([], rows, {maxWidth: bodyWidth(options)})], style)
}

/**
 * The reviewer's queue (issue 14): the most urgent first, with what a reviewer picks work by — its due
 * date and the business days left (overdue ones stand out), who has it, when it last moved — and the office.
 */
function renderQueue(view: StatusListView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  const headers = [labels.receiptNo, labels.status, labels.dueDate, labels.daysLeft, labels.owner, labels.lastActivity, labels.office]
  const rows = view.applications.map((application) => {
    const left = application.businessDaysLeft ?? null
    const leftText = left === null ? '' : labels.daysLeftValue(left)
    return [
      style.receiptNo(application.receiptNo),
      style.status(application.status, STATUS_LABELS[locale][application.status]),
      formatScreenDate(application.dueDate ?? null),
      left !== null && left < 0 ? style.warning(leftText) : leftText,
      application.owner ?? style.muted(labels.nobody),
      application.lastActivityAt ? formatScreenMinute(application.lastActivityAt) : '',
      application.office,
    ]
  })
  const table = renderTable(headers.map(style.label), rows, {maxWidth: bodyWidth(options)})
  const isCut = view.total > view.applications.length
  return section(labels.applications, isCut ? [table, style.muted(labels.queueCut(view.applications.length, view.total))] : [table], style)
}

function renderApplications(view: StatusListView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  if (view.applications.length === 0) return section(labels.applications, [style.muted(labels.noApplications)], style)
  if (view.isReviewQueue) return renderQueue(view, locale, style, options)
  // An office sees only its own applications, where a column repeating its code would say nothing.
  const hasOfficeColumn = new Set(view.applications.map((application) => application.office)).size > 1
  const headers = [labels.receiptNo, labels.status, labels.submittedAt, ...(hasOfficeColumn ? [labels.office] : [])]
  const rows = view.applications.map((application) => [
    style.receiptNo(application.receiptNo),
    style.status(application.status, STATUS_LABELS[locale][application.status]),
    formatScreenMinute(application.submittedAt),
    ...(hasOfficeColumn ? [application.office] : []),
  ])
  const table = renderTable(headers.map(style.label), rows, {maxWidth: bodyWidth(options)})
  const isCut = view.total > view.applications.length
  return section(labels.applications, isCut ? [table, style.muted(labels.listCut(view.applications.length, view.total))] : [table], style)
}

/** News and applications, as the seed's main menu lists them. */
export function renderStatusListView(view: StatusListView, locale: Locale, style: Style, options: RenderOptions = {}): string {
  // The news are an office's (SPEC §9); a reviewer's screen is its queue.
  if (view.isReviewQueue) return renderApplications(view, locale, style, options)
  return joinBlocks([renderNews(view, locale, style, options), renderApplications(view, locale, style, options)])
}
