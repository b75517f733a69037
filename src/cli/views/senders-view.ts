/**
 * `nss office senders list|add|remove` (issue 13): the office's authorised senders, and the one-line
 * result of a change with the reminder that the 管理責任者 is told.
 */
import type {SendersChange, SendersView} from '../../app/office-senders.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, joinBlocks, section} from './layout'

function renderList(view: SendersView, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  const body = view.senders.length === 0
    ? style.muted(labels.noSenders)
    : renderTable([labels.senderAddress, labels.senderAddedAt].map(style.label), view.senders.map(s => [s.address, formatScreenMinute(s.addedAt)]))
  return section(labels.sendersTitle, [body, style.muted(labels.sendersAlways(view.adminEmail))], style)
}

/** The list, or a change's result followed by the list after it. */
export function renderSendersResult(result: SendersView | SendersChange, locale: Locale, style: Style): string {
  if (!('change' in result)) return renderList(result, locale, style)
  const labels = SCREEN_LABELS[locale]
  const line = !result.isChanged ? labels.senderAlreadyThere(result.address)
    : result.change === 'added' ? style.success(labels.senderAdded(result.address)) : style.success(labels.senderRemoved(result.address))
  const told = result.isChanged ? `\n${labels.sendersAdminTold(result.adminEmail)}` : ''
  return joinBlocks([`${line}${told}`, renderList(result, locale, style)])
}
