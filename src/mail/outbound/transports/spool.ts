/**
 * The embedded transport (SPEC §10): each message becomes an RFC 5322 `.eml` file in
 * `$NSS_HOME/mail/outbox/`. It is written under a temporary dot-name in the same folder, flushed, then
 * renamed, so a reader (or a local MTA picking the folder up) never sees half a file. The file name
 * comes from the Message-ID: a resend after a crash replaces the same file instead of adding a copy.
 */
import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {ComposedMessage} from '../message'
import {DeliveryError, MailTransport, SendOutcome} from './transport'

/** The spool folder of a desk home. */
export function spoolFolderOf(home: string): string {
  return path.join(home, 'mail', 'outbox')
}

/** `<2101910C.receipt.4f…@nss-desk.localhost>` → `2101910C.receipt.4f…@nss-desk.localhost.eml`. */
export function spoolFileNameOf(messageId: string): string {
  // No slash, and no leading dot: a dot-name is a temporary file that readers skip.
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@+-]/g, '_').replace(/^\./, '_')}.eml`
}

/** Writes messages as `.eml` files into a folder. */
export class SpoolTransport implements MailTransport {
  readonly description: string

  constructor(private readonly folder: string) {
    this.description = `spool ${folder}`
  }

  async send(message: ComposedMessage): Promise<SendOutcome> {
    const target = path.join(this.folder, spoolFileNameOf(message.messageId))
    const temporary = path.join(this.folder, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
    try {
      await fs.promises.mkdir(this.folder, {recursive: true, mode: 0o700})
      const handle = await fs.promises.open(temporary, 'wx', 0o600)
      try {
        await handle.writeFile(message.raw)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.promises.rename(temporary, target)
      await syncFolder(this.folder)
    } catch (error) {
      await fs.promises.rm(temporary, {force: true}).catch(() => undefined)
      // A full or read-only disk may recover: the row is retried, never dropped.
      throw new DeliveryError(`cannot write ${target}: ${(error as Error).message}`, false, false)
    }
    return {accepted: [...message.envelope.to], rejected: [], response: `written to ${target}`}
  }

  async close(): Promise<void> {}
}

/** The rename is durable only once the folder's entry is flushed too (POSIX; a no-op where unsupported). */
async function syncFolder(folder: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined
  try {
    handle = await fs.promises.open(folder, 'r')
    await handle.sync()
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already flushed.
  } finally {
    await handle?.close()
  }
}
