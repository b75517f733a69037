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
    style.receiptNo(`【${news.receiptNo}】`),
    news.message,
  ])
  return section(labels.news, [paragraph(labels.newsIntro, bodyWidth(options)), renderTable([], rows, {maxWidth: bodyWidth(options)})], style)
}

function renderApplications(view: StatusListView, locale: Locale, style: Style, options: RenderOptions): string {
  const labels = SCREEN_LABELS[locale]
  if (view.applications.length === 0) return section(labels.applications, [style.muted(labels.noApplications)], style)
  // An office sees only its own applications, where a column repeating its code would say nothing; a
  // reviewer's queue names the office of every row, even when one office fills it.
  const hasOfficeColumn = view.isReviewQueue || new Set(view.applications.map((application) => application.office)).size > 1
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
  return joinBlocks([renderNews(view, locale, style, options), renderApplications(view, locale, style, options)])
}
