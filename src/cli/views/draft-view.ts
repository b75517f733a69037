/**
 * `nss draft save|list|show|delete` (一時保存, issue 13): the one-line results, the list of the office's
 * drafts, and a draft shown as the dry run's 確認 screen (src/cli/views/preview-view.ts) under a head
 * that names the draft. `nss draft submit` prints apply's / amend's own result (result-view.ts).
 */
import type {DraftDeleted, DraftList, DraftSaved, DraftView} from '../../app/drafts.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, joinBlocks, RenderOptions, section} from './layout'
import {renderSubmissionPreview} from './preview-view'

type DraftVerb = 'draft-save' | 'draft-list' | 'draft-show' | 'draft-delete'

export function renderDraftResult(verb: DraftVerb, result: unknown, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  switch (verb) {
    case 'draft-save': {
      const saved = result as DraftSaved
      const line = saved.isNew ? labels.draftSaved(saved.draftId) : labels.draftOverwritten(saved.draftId)
      return `${style.success(line)}\n${style.muted(labels.draftFormOnly(saved.draftId))}`
    }
    case 'draft-delete':
      return style.success(labels.draftDeleted((result as DraftDeleted).draftId))
    case 'draft-list': {
      const list = result as DraftList
      const body = list.drafts.length === 0
        ? style.muted(labels.noDrafts)
        : renderTable(
          [labels.draftIdLabel, labels.draftKindLabel, labels.draftReceiptLabel, labels.draftSavedAtLabel, labels.draftExpiresLabel].map(style.label),
          list.drafts.map(d => [d.draftId, labels.draftKinds[d.kind], d.receiptNo ?? '', formatScreenMinute(d.updatedAt), formatScreenMinute(d.expiresAt)]),
        )
      return section(labels.draftsTitle, [body, style.muted(labels.draftsKeptFor(list.draftDays))], style)
    }
    case 'draft-show': {
      const view = result as DraftView
      const head = [
        style.heading(labels.draftShowTitle(view.draftId)),
        `${labels.draftKindLabel}: ${labels.draftKinds[view.kind]}${view.receiptNo ? ` (${labels.draftReceiptLabel}: ${view.receiptNo})` : ''}`,
        style.muted(`${labels.draftSavedAtLabel}: ${formatScreenMinute(view.updatedAt)}  ${labels.draftExpiresLabel}: ${formatScreenMinute(view.expiresAt)}`),
      ].join('\n')
      const screen = renderSubmissionPreview({valid: view.valid, issues: view.problems, preview: view.preview}, locale, style, options, view.draftId)
      return joinBlocks([head, screen])
    }
  }
}
