/**
 * `nss status RECEIPT --passwords`: the passwords issued at completion (SPEC §7), with the deadline
 * and the seed's reminder from the 確認完了メール to change them at once through URY.
 */
import {PasswordsView} from '../../app/views'
import {Locale, formatUserId} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import {Style} from '../style'
import {renderTable} from '../table'
import {bodyWidth, formatScreenDate, joinBlocks, paragraph, RenderOptions, section} from './layout'

/** The issued passwords of one application. */
export function renderPasswordsView(view: PasswordsView, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  const table =
    view.passwords.length === 0
      ? style.muted(labels.noPasswords)
      : renderTable(
          [labels.userId, labels.password].map(style.label),
          view.passwords.map((entry) => [formatUserId(entry.userCode, entry.ident), entry.password]),
          {maxWidth: bodyWidth(options)},
        )
  // The window closes at 23:59:59 Japan time of the last day (SPEC §7).
  const deadline = `${style.label(labels.visibleUntil)}  ${formatScreenDate(view.visibleUntil)} 23:59`
  return joinBlocks([
    section(`${labels.passwordsTitle} ${labels.receiptMark(view.receiptNo)}`, [table], style),
    `${deadline}\n${style.warning(paragraph(labels.passwordReminder, options.maxWidth))}`,
  ])
}
