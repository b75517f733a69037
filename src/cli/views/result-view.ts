/**
 * One-line results of the commands that change something: apply / amend (the seed's 申込完了画面:
 * 「システム設定申込の受付が完了しました。申込受付番号「2101932C」」 and who the receipt mail went to),
 * withdraw / review, office import.
 */
import {ImportResult, OwnershipResult, SubmissionResult, TransitionResult} from '../../app/views'
import {Locale, STATUS_LABELS} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'

/**
 * apply / amend; an amendment also names the receipt number it replaces. The second line is the seed's
 * 完了 screen's: the receipt mail goes to the 申込担当者 and the 管理責任者 (SPEC §10; a mail not sent
 * at once is said on stderr and stays in the outbox).
 */
export function renderSubmissionResult(result: SubmissionResult, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  const line = style.success(labels.submitted(result.receiptNo))
  const submitted = result.supersedes ? `${line} ${labels.supersedesNote(result.supersedes)}` : line
  return `${submitted}\n${labels.receiptMailSent}`
}

/** withdraw / review --query / review --complete. */
export function renderTransitionResult(result: TransitionResult, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  switch (result.status) {
    case 'withdrawn':
      return style.status(result.status, labels.withdrawn(result.receiptNo))
    case 'query':
      return style.status(result.status, labels.queried(result.receiptNo))
    case 'completed':
      return style.status(result.status, labels.completed(result.receiptNo))
    default:
      return style.status(result.status, labels.transitioned(result.receiptNo, STATUS_LABELS[locale][result.status]))
  }
}

/** review --message (issue 14): the status stays, the office was told. */
export function renderMessageResult(result: TransitionResult, locale: Locale, style: Style): string {
  return style.success(SCREEN_LABELS[locale].messaged(result.receiptNo))
}

/** review --take / --release (issue 14). */
export function renderOwnershipResult(result: OwnershipResult, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  return style.success(result.owner === null
    ? labels.released(result.receiptNo, result.previousOwner)
    : labels.taken(result.receiptNo, result.owner, result.previousOwner))
}

/** office import: how many records were loaded. */
export function renderImportResult(result: ImportResult, locale: Locale, style: Style): string {
  return style.success(SCREEN_LABELS[locale].imported(result))
}
