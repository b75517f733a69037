/**
 * Human output of `nss mail …` (SPEC §10): the outbox as a table, and what a delivery run did. Times
 * are Japan time like every screen (SPEC §6). The words are the reader's language (src/cli/labels.ts);
 * kinds and statuses stay the codes an operator filters by.
 */
import type {DeliveryReport} from '../../app/deliver-outbox.use-case'
import type {OutboxMailView} from '../../app/mail-admin.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS, ScreenLabels} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, RenderOptions} from './layout'

/** nss mail outbox */
export function renderOutbox(mails: OutboxMailView[], locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (mails.length === 0) return style.muted(labels.outboxEmpty)
  const rows = mails.map(m => [
    String(m.id), m.receiptNo ?? '', m.kind, m.to.join(', '), m.purgedAt ? `${m.status} (${labels.outboxPurged})` : m.status, String(m.attempts),
    whenOf(m, labels),
    m.lastError ?? '',
  ])
  const c = labels.outboxColumns
  return renderTable([c.id, c.receipt, c.kind, c.to, c.status, c.tries, c.when, c.lastError].map(style.label), rows, options)
}

/** The "when" of an outbox row: sent at, claimed until (a `sending` row), or the next attempt. */
function whenOf(m: OutboxMailView, labels: ScreenLabels): string {
  if (m.sentAt) return formatScreenMinute(m.sentAt)
  if (m.claimedUntil) {
    const until = formatScreenMinute(m.claimedUntil)
    return Date.parse(m.claimedUntil) <= Date.now() ? labels.outboxClaimExpired(until) : labels.outboxClaimedUntil(until)
  }
  return m.nextAttemptAt ? labels.outboxNext(formatScreenMinute(m.nextAttemptAt)) : ''
}

/** nss mail deliver: one line per mail, then the totals. */
export function renderDeliveryReport(report: DeliveryReport, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (report.mails.length === 0) return style.muted(labels.noMailDue)
  const rows = report.mails.map(m => [
    String(m.id), m.receiptNo ?? '', m.kind, m.status,
    m.status === 'pending' && m.nextAttemptAt ? `${m.error ?? ''} (${labels.outboxNext(formatScreenMinute(m.nextAttemptAt))})` : m.error ?? '',
  ])
  const c = labels.deliveryColumns
  const lines = [
    style.muted(labels.deliveredVia(report.transport)),
    renderTable([c.id, c.receipt, c.kind, c.status, c.answer].map(style.label), rows, options),
    labels.deliveryTotals(report.sent, report.pending, report.failed),
  ]
  if (report.stoppedBy) lines.push(style.warning(labels.deliveryStopped(report.stoppedBy)))
  return lines.join('\n')
}
