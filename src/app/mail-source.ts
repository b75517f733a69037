/**
 * The inbound mail source of this desk (SPEC §11): the embedded Maildir at $NSS_HOME/mail/inbox, or
 * the IMAP mailbox of NSS_IMAP_URL. The IMAP adapter (src/mail/inbound/imap.ts, imapflow) is loaded
 * only when configured, so the Maildir path and CLI start-up never load imapflow.
 */
import {text} from '../domain/messages/text'
import * as path from 'node:path'
import {DeskError, InfrastructureError} from '../domain/errors'
import type {MailSource} from '../mail/inbound/source'
import type {DeskConfig} from './config'
import type {DeskContext} from './context'
import {Logger, scrubSecrets} from './log'

/** The Maildir the embedded default reads: $NSS_HOME/mail/inbox (`new/`, `cur/`, `tmp/`). */
export function inboxDir(config: DeskConfig): string {
  return path.join(config.home, 'mail', 'inbox')
}

/** Opens the configured source: IMAP when NSS_IMAP_URL is set, else the Maildir (created if missing). */
export async function openMailSource(ctx: Pick<DeskContext, 'config'>, logger?: Logger): Promise<MailSource> {
  const url = ctx.config.imapUrl
  if (!url) {
    const {MaildirSource} = await import('../mail/inbound/maildir')
    return new MaildirSource(inboxDir(ctx.config))
  }
  const {ImapSource} = await import('../mail/inbound/imap')
  try {
    return await ImapSource.open(url, {logger})
  } catch (error) {
    if (error instanceof DeskError) throw error
    // SPEC §9: an IMAP server that cannot be used is exit 6; the URL is named without its password.
    throw new InfrastructureError(text('app.imapUnusable', {url: scrubSecrets(url), reason: scrubSecrets((error as Error).message ?? String(error))}))
  }
}
