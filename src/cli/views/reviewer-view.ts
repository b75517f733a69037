/** `nss reviewer add / set / list` (issue 14): the center's reviewers, never a password. */
import type {ReviewerView} from '../../app/master-data.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {RenderOptions} from './layout'

/** One reviewer, after add / set. */
export function renderReviewerLine(reviewer: ReviewerView, locale: Locale, style: Style): string {
  return style.success(SCREEN_LABELS[locale].reviewerReady(reviewer.reviewer, reviewer.name, reviewer.email))
}

export function renderReviewerList(reviewers: ReviewerView[], locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (reviewers.length === 0) return style.muted(labels.noReviewers)
  const headers = [labels.reviewerId, labels.reviewerName, labels.email, labels.reviewerPassword]
  const rows = reviewers.map(r => [r.reviewer, r.name, r.email ?? style.muted(labels.noEmail), r.hasPassword ? labels.passwordSet : labels.passwordNotSet])
  return renderTable(headers.map(style.label), rows, {maxWidth: options.maxWidth})
}
