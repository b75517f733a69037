/**
 * After a state change has committed, tries its new mails once (SPEC §10: "the CLI tries once at
 * once"), with short timeouts: for the CLI in local mode and for the desk server after each change it
 * carried out. Never fails — the change is done and its mails are safe in the outbox: a mail not sent
 * stays there for `nss mail deliver` / the daemon, and what happened comes back as warnings (the CLI
 * prints them on stderr; the server sends them in its Nss-Warning header, and the remote CLI prints
 * them the same way).
 */
import {DeskError} from '../domain/errors'
import type {DeskContext} from './context'

export async function sendNewMailsNow(ctx: DeskContext, target: {receiptNo: string} | {rowIds: number[]}): Promise<string[]> {
  const warnings: string[] = []
  try {
    const [{deliverOutbox}, {QUICK_TIMEOUTS}] = await Promise.all([
      import('./deliver-outbox.use-case'), import('../mail/outbound/transports/smtp'),
    ])
    const scope = 'receiptNo' in target ? {receiptNo: target.receiptNo, onlyNew: true} : {rowIds: target.rowIds}
    const report = await deliverOutbox(ctx, scope, {timeouts: QUICK_TIMEOUTS})
    for (const mail of report.mails.filter(m => m.status !== 'sent')) {
      warnings.push(mail.status === 'failed'
        ? `the ${mail.kind} mail (id ${mail.id}) was refused: ${mail.error} — see nss mail outbox`
        : `the ${mail.kind} mail (id ${mail.id}) is not sent yet (${mail.error}); it stays in the outbox and is retried`)
    }
  } catch (error) {
    const issues = error instanceof DeskError ? error.issues.map(i => `\n  - ${i.path}: ${i.message}`).join('') : ''
    warnings.push(`the mail was not sent now (${error instanceof Error ? error.message : String(error)}); it stays in the outbox for nss mail deliver${issues}`)
  }
  return warnings
}
