/** `nss audit` (issue 14): who did what, the newest first. */
import type {AuditEventView} from '../../app/audit'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, RenderOptions} from './layout'

export function renderAuditEvents(result: {events: AuditEventView[]; total: number}, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (result.events.length === 0) return style.muted(labels.noAuditEvents)
  const headers = [labels.auditAt, labels.logActor, labels.auditAction, labels.receiptNo, labels.auditDetail]
  const rows = result.events.map(e => [formatScreenMinute(e.at), labels.actorText(e.actor), e.action, e.receiptNo ?? '', e.detail])
  const table = renderTable(headers.map(style.label), rows, {maxWidth: options.maxWidth})
  return result.total > result.events.length ? `${table}\n${style.muted(labels.auditCut(result.events.length, result.total))}` : table
}
