/**
 * Human output of the mail bot's commands (SPEC §11, §12): `nss mail inbound`, `nss mail reprocess`
 * and the one-line summary of `nss daemon --once`. The lists speak the reader's language (src/cli/labels.ts);
 * states and outcomes stay the codes an operator filters by. The daemon's summary is a log line, in
 * English like every log. Times are Japan time (SPEC §6).
 */
import type {CycleReport} from '../../app/daemon.use-case'
import type {InboundMessageView, ReprocessResult} from '../../app/inbound-admin.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, RenderOptions} from './layout'

/** nss mail inbound */
export function renderInboundList(messages: InboundMessageView[], locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (messages.length === 0) return style.muted(labels.noInbound)
  const rows = messages.map(m => [
    String(m.id), formatScreenMinute(m.receivedAt), m.from ?? '', m.subject ?? '', m.state, m.outcome ?? '', m.receiptNo ?? '',
    m.kept === 'message' ? m.detail ?? '' : [m.detail, m.kept === 'headers' ? labels.inboundHeadersKept : m.kind === 'too-large' ? null : labels.inboundTextPurged].filter(Boolean).join('; '),
  ])
  const c = labels.inboundColumns
  return renderTable([c.id, c.received, c.from, c.subject, c.state, c.outcome, c.receipt, c.detail].map(style.label), rows, options)
}

/** nss mail reprocess ID */
export function renderReprocessResult(result: ReprocessResult, locale: Locale, style: Style): string {
  const number = result.newReceiptNo ? ` → ${style.receiptNo(result.newReceiptNo)}` : ''
  const receipt = result.receiptNo ? ` (${style.receiptNo(result.receiptNo)}${number})` : ''
  return SCREEN_LABELS[locale].reprocessed(result.message.id, style.success(result.outcome), receipt)
}

/** What a daemon cycle did, in one line; '' for an idle cycle (a quiet cron run prints nothing). */
export function renderCycleSummary(report: CycleReport): string {
  const parts: string[] = []
  if (report.outbox && report.outbox.sent + report.outbox.pending + report.outbox.failed > 0) {
    parts.push(`mail: ${report.outbox.sent} sent, ${report.outbox.pending} pending, ${report.outbox.failed} failed`)
  }
  if (report.inbound && report.inbound.length > 0) {
    const counts = new Map<string, number>()
    for (const result of report.inbound) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1)
    parts.push(`read ${report.inbound.length} (${[...counts].map(([outcome, count]) => `${outcome} ${count}`).join(', ')})`)
    for (const result of report.inbound.filter(r => r.newReceiptNo)) parts.push(`${result.receiptNo} amended as ${result.newReceiptNo}`)
  }
  if (report.purgedPasswords) parts.push(`${report.purgedPasswords} issued password(s) purged`)
  if (report.retention && report.retention.messages + report.retention.mails > 0) {
    parts.push(`text purged after the retention period: ${report.retention.messages} message(s), ${report.retention.mails} mail(s)`)
  }
  if (report.appliedChanges) parts.push(`${report.appliedChanges} registration change(s) applied`)
  return parts.join('; ')
}
