/**
 * Human output of `nss mail …` (SPEC §10): the outbox as a table, and what a delivery run did. Times
 * are Japan time like every screen (SPEC §6). Operators read these, so the table is in English; an empty
 * outbox is said in the reader's language (NSS_LOCALE, else Japanese: src/cli/labels.ts).
 */
import type {DeliveryReport} from '../../app/deliver-outbox.use-case'
import type {OutboxMailView} from '../../app/mail-admin.use-case'
import {readerLocale} from '../../domain/locale-setting'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, RenderOptions} from './layout'

/** nss mail outbox */
export function renderOutbox(mails: OutboxMailView[], style: Style, options: RenderOptions = {}, locale: Locale = readerLocale()): string {
  if (mails.length === 0) return style.muted(SCREEN_LABELS[locale].outboxEmpty)
  const rows = mails.map(m => [
    String(m.id), m.receiptNo ?? '', m.kind, m.to.join(', '), m.purgedAt ? `${m.status} (purged)` : m.status, String(m.attempts),
    whenOf(m),
    m.lastError ?? '',
  ])
  return renderTable(['id', 'receipt', 'kind', 'to', 'status', 'tries', 'when', 'last error'].map(style.label), rows, options)
}

/** The "when" of an outbox row: sent at, claimed until (a `sending` row), or the next attempt. */
function whenOf(m: OutboxMailView): string {
  if (m.sentAt) return formatScreenMinute(m.sentAt)
  if (m.claimedUntil) {
    const expired = Date.parse(m.claimedUntil) <= Date.now()
    return `${expired ? 'claim expired' : 'claimed until'} ${formatScreenMinute(m.claimedUntil)}`
  }
  return m.nextAttemptAt ? `next ${formatScreenMinute(m.nextAttemptAt)}` : ''
}

/** nss mail deliver: one line per mail, then the totals. */
export function renderDeliveryReport(report: DeliveryReport, style: Style, options: RenderOptions = {}): string {
  if (report.mails.length === 0) return style.muted('no mail due')
  const rows = report.mails.map(m => [
    String(m.id), m.receiptNo ?? '', m.kind, m.status,
    m.status === 'pending' && m.nextAttemptAt ? `${m.error ?? ''} (next ${formatScreenMinute(m.nextAttemptAt)})` : m.error ?? '',
  ])
  const lines = [
    style.muted(`via ${report.transport}`),
    renderTable(['id', 'receipt', 'kind', 'status', 'answer'].map(style.label), rows, options),
    `${report.sent} sent, ${report.pending} pending, ${report.failed} failed`,
  ]
  if (report.stoppedBy) lines.push(style.warning(`stopped: ${report.stoppedBy}`))
  return lines.join('\n')
}
