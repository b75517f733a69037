/** The screen of `nss health`: one line per check, its status first, wrapped to the terminal. */
import type {HealthReport, HealthStatus} from '../../app/health.use-case'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable, TableOptions} from '../table'

export function renderHealthReport(report: HealthReport, locale: Locale, style: Style, width: TableOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  const mark = (status: HealthStatus) => (status === 'ok' ? style.success(status) : style.warning(status))
  const rows = report.checks.map(check => [mark(check.status), check.name, check.reason])
  const {status, check, reason} = labels.healthColumns
  const table = renderTable([style.label(status), style.label(check), style.label(reason)], rows, width)
  return `${table}\n${labels.healthOverall(report.status)}`
}
