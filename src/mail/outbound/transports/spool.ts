/**
 * The embedded transport (SPEC §10): each message becomes an RFC 5322 `.eml` file in
 * `$NSS_HOME/mail/outbox/`. It is written under a temporary dot-name in the same folder, flushed, then
 * renamed, so a reader (or a local MTA picking the folder up) never sees half a file. The file name
 * comes from the Message-ID: a resend after a crash replaces the same file instead of adding a copy.
 * A mail counts as written (its row may be marked sent) only once the file and the folder's entry
 * are on disk: the file is fsynced before the rename and the folder after it (issue 11 point 15).
 * A writer killed between creating and renaming leaves its temporary file behind: the next delivery
 * run removes those older than a claim (removeOrphanedSpoolFiles, issue 11 point 17).
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
      const created = await fs.promises.mkdir(this.folder, {recursive: true, mode: 0o700})
      // A folder made now is durable only once its parent's entry is flushed too.
      if (created) await syncFolder(path.dirname(this.folder))
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

/** The temporary dot-name of a message being written: `.<file>.<pid>.<random>.tmp`. */
const TEMPORARY_NAME = /^\..+\.tmp$/

/**
 * Removes the temporary files of writers that died (kill -9, power cut) before renaming them: those
 * modified before `olderThan`. A live writer's file is younger: it writes under a claim of the row
 * (10 minutes, deliver-outbox.use-case.ts), and the caller passes the start of that claim window.
 * Returns the names removed.
 */
export async function removeOrphanedSpoolFiles(folder: string, olderThan: Date): Promise<string[]> {
  let names: string[]
  try {
    names = await fs.promises.readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const removed: string[] = []
  for (const name of names.filter(n => TEMPORARY_NAME.test(n))) {
    const file = path.join(folder, name)
    const stat = await fs.promises.lstat(file).catch(() => null)
    if (!stat?.isFile() || stat.mtimeMs >= olderThan.getTime()) continue
    await fs.promises.rm(file, {force: true})
    removed.push(name)
  }
  return removed
}

/**
 * The rename is durable only once the folder's entry is flushed too (POSIX). Only a file system that
 * cannot fsync a directory at all (EINVAL, ENOTSUP; Windows: EPERM, EISDIR) is let through: the file
 * itself is flushed. Any other failure (EIO) fails the write, and the row is retried.
 */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.promises.open(folder, 'r')
  try {
    await handle.sync()
  } catch (error) {
    if (!['EINVAL', 'ENOTSUP', 'EPERM', 'EISDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
  } finally {
    await handle.close()
  }
}
