/**
 * `nss review RECEIPT --check` (SPEC §8): the findings, each with the notice it would send, and the
 * combined notice that `--query --from-check` sends.
 */
import {ReviewCheckView} from '../../app/views'
import {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'
import {renderKeyValues} from '../table'
import {bodyWidth, joinBlocks, paragraph, RenderOptions, section} from './layout'

/** Prefixes the first line with `marker` and aligns the following lines under it. */
function hang(text: string, marker: string): string {
  const pad = ' '.repeat(marker.length)
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? marker : line === '' ? '' : pad) + line)
    .join('\n')
}

/** Findings of the review check, or a line saying there are none. */
export function renderReviewCheckView(view: ReviewCheckView, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  const title = `${labels.reviewCheckTitle} ${labels.receiptMark(view.receiptNo)}`
  if (view.findings.length === 0) return section(title, [style.success(labels.noFindings)], style)
  const width = bodyWidth(options)
  // Numbered so a reviewer can refer to a finding; its notice hangs under it.
  const findings = view.findings.map((finding, index) => {
    const marker = `${index + 1}. `
    const itemWidth = width === undefined ? undefined : width - marker.length
    const message = style.warning(paragraph(finding.message, itemWidth))
    const notice = renderKeyValues([[style.label(labels.notice), finding.notice]], {maxWidth: itemWidth})
    return hang(`${message}\n${notice}`, marker)
  })
  return joinBlocks([
    section(title, [findings.join('\n')], style),
    section(labels.combinedNotice, [paragraph(view.notice, width)], style),
  ])
}
