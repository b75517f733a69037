/**
 * After a state change has committed, tries its new mails once (SPEC §10: "the CLI tries once at
 * once"), with short timeouts: for the CLI in local mode and for the desk server after each change it
 * carried out. Never fails — the change is done and its mails are safe in the outbox: a mail not sent
 * stays there for `nss mail deliver` / the daemon, and what happened comes back as warnings (the CLI
 * prints them on stderr; the server sends them in its Nss-Warning header, and the remote CLI prints
 * them the same way). Each warning comes in the reader's language (`said`) and in English (`logged`).
 */
import {DeskError} from '../domain/errors'
import type {LocalText} from '../domain/messages/text'
import type {Locale} from '../domain/vocabulary'
import type {DeskContext} from './context'

export interface SendNowWarnings {
  /** In the reader's language. */
  said: string[]
  /** The same in English, for the logs. */
  logged: string[]
}

export async function sendNewMailsNow(
  ctx: DeskContext, target: {receiptNo: string} | {rowIds: number[]}, locale: Locale,
): Promise<SendNowWarnings> {
  const {renderText} = await import('../domain/messages')
  const warnings: SendNowWarnings = {said: [], logged: []}
  const add = (warning: LocalText) => {
    warnings.said.push(renderText(locale, warning))
    warnings.logged.push(renderText('en', warning))
  }
  try {
    const [{deliverOutbox}, {QUICK_TIMEOUTS}] = await Promise.all([
      import('./deliver-outbox.use-case'), import('../mail/outbound/transports/smtp'),
    ])
    const scope = 'receiptNo' in target ? {receiptNo: target.receiptNo, onlyNew: true} : {rowIds: target.rowIds}
    const report = await deliverOutbox(ctx, scope, {timeouts: QUICK_TIMEOUTS})
    for (const mail of report.mails.filter(m => m.status !== 'sent')) {
      const params = {kind: mail.kind, id: mail.id, error: mail.error ?? ''}
      add(mail.status === 'failed' ? {key: 'app.mailRefusedNow', params} : {key: 'app.mailNotSentYet', params})
    }
  } catch (error) {
    for (const [into, language] of [[warnings.said, locale], [warnings.logged, 'en']] as const) {
      const said = error instanceof DeskError ? error.in(language) : {message: error instanceof Error ? error.message : String(error), issues: []}
      const issues = said.issues.map(i => `\n  - ${i.path}: ${i.message}`).join('')
      into.push(renderText(language, {key: 'app.mailNotSentNow', params: {reason: said.message, issues}}))
    }
  }
  return warnings
}
