import {createHash} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {EntryKind} from '../../domain/messages/ja/mail'
import {text} from '../../domain/messages/text'
import {InboundItem, MailSource, SourceItemError} from './source'

/** The folder beside `new/`, `cur/` and `tmp/` that holds what could not be read or filed in `cur/`. */
export const FAILED_FOLDER = 'failed'

/**
 * The longest file name (bytes) most Linux file systems take (NAME_MAX, ext4/xfs/btrfs/tmpfs). A name
 * in `new/` near it leaves no room for the `:2,S` that `cur/` adds.
 */
const NAME_MAX = 255

/**
 * The embedded inbox: a Maildir (`new/`, `cur/`, `tmp/`) at $NSS_HOME/mail/inbox that a local MTA can
 * also deliver to (SPEC §11). New mail is in `new/`; a message done is moved to `cur/` with the `S`
 * (seen) flag, by rename, which is atomic within one file system, and both folders are fsynced so the
 * move survives a power cut (the outcome committed before it, issue 11 point 15).
 *
 * Entries are not trusted (issue 11 point 4): anyone who can write to `new/` can put a symbolic link
 * there (to `$NSS_HOME/secret.key`), a FIFO (an open that never returns), a directory. An entry is
 * looked at with lstat, never followed, and opened with O_NOFOLLOW | O_NONBLOCK, then checked with
 * fstat to be a regular file; anything else is a SourceItemError('not-a-file') and is set aside in
 * `failed/`, as is a file that cannot be read.
 */
export class MaildirSource implements MailSource {
  readonly kind = 'maildir' as const
  /** Messages that could be neither filed in `cur/` nor set aside: skipped by list() from now on. */
  private readonly stuck = new Set<string>()

  constructor(readonly root: string) {
    for (const dir of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(root, dir), {recursive: true, mode: 0o700})
  }

  async *list(): AsyncIterable<InboundItem> {
    const dir = path.join(this.root, 'new')
    // Oldest first: delivery order is the order an office wrote its replies in. lstat: a link's own
    // time, never its target's.
    const names = fs.readdirSync(dir).filter(name => !name.startsWith('.') && !this.stuck.has(name))
    const dated = names.map(name => ({name, mtime: lstatOrNull(path.join(dir, name))?.mtimeMs ?? 0}))
    dated.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
    for (const {name} of dated) {
      const item = this.itemAt(path.join(dir, name), name)
      if (item) yield item
    }
  }

  /** A message by reference, in `new/`, already in `cur/`, or set aside in `failed/` (for `nss mail reprocess`). */
  async fetch(ref: string): Promise<InboundItem | null> {
    if (isUnsafeName(ref)) return null
    const inNew = path.join(this.root, 'new', ref)
    if (lstatOrNull(inNew)) return this.itemAt(inNew, ref)
    const cur = this.findInCur(ref)
    if (cur) return this.itemAt(cur, ref)
    const aside = path.join(this.root, FAILED_FOLDER, ref)
    return lstatOrNull(aside) ? this.itemAt(aside, ref) : null
  }

  async markDone(ref: string): Promise<void> {
    const from = path.join(this.root, 'new', ref)
    try {
      fs.renameSync(from, path.join(this.root, 'cur', curNameOf(ref)))
    } catch (error) {
      // Already done: by this process before a crash, or by another daemon sharing the Maildir and a
      // PostgreSQL store (src/store/claims.ts), which moved it first.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      // This message alone cannot go to cur/ (a name taken by a directory, …): its outcome stands, and
      // it is set aside so that it is not read again every cycle.
      const cause = describeError(error)
      await this.setAside(ref).catch(aside => {
        throw new SourceItemError(text('mail.maildirNotFiled', {cause, folder: FAILED_FOLDER, asideCause: (aside as Error).message}), 'unmovable')
      })
      throw new SourceItemError(text('mail.maildirSetAside', {cause, folder: FAILED_FOLDER}), 'unmovable')
    }
    syncFolders(path.join(this.root, 'cur'), path.join(this.root, 'new'))
  }

  async setAside(ref: string): Promise<void> {
    const aside = path.join(this.root, FAILED_FOLDER)
    try {
      fs.mkdirSync(aside, {recursive: true, mode: 0o700})
      // rename moves the entry itself, never what a link points to.
      fs.renameSync(path.join(this.root, 'new', ref), path.join(aside, ref))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !lstatOrNull(path.join(this.root, 'new', ref))) return
      this.stuck.add(ref)
      throw new SourceItemError(text('mail.maildirNotSetAside', {cause: describeError(error)}), 'unmovable')
    }
    syncFolders(aside, path.join(this.root, 'new'))
  }

  async waitForNew(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return
    await new Promise<void>(resolve => {
      let watcher: fs.FSWatcher | undefined
      const done = () => {
        clearTimeout(timer)
        watcher?.close()
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      signal.addEventListener('abort', done)
      try {
        watcher = fs.watch(path.join(this.root, 'new'), done)
      } catch {
        // No inotify: the timeout alone paces the polling.
      }
      // Mail delivered between the last list() and the watch starting fires no event: look once now.
      if (fs.readdirSync(path.join(this.root, 'new')).some(name => !name.startsWith('.') && !this.stuck.has(name))) done()
    })
  }

  async close(): Promise<void> {}

  private itemAt(file: string, ref: string): InboundItem | null {
    const stat = lstatOrNull(file)
    if (!stat) return null
    if (!stat.isFile()) {
      // Listed so that it is recorded and set aside, never opened (a FIFO's open would block).
      const kind = kindOf(stat)
      return {ref, size: 0, read: () => Promise.reject(new SourceItemError(text('mail.maildirNotRegular', {kind}), 'not-a-file'))}
    }
    return {ref, size: stat.size, read: () => this.readEither(file, ref)}
  }

  /**
   * The message's bytes, from `new/`, or from `cur/` when another daemon sharing this Maildir (on a
   * PostgreSQL store) has done it and moved it since it was listed: the store then knows it as done.
   */
  private async readEither(file: string, ref: string): Promise<Buffer> {
    try {
      return await readRegularFile(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const cur = this.findInCur(ref)
      if (!cur) throw new SourceItemError(text('mail.maildirVanished'), 'vanished')
      return readRegularFile(cur)
    }
  }

  private findInCur(ref: string): string | null {
    const short = baseName(curNameOf(ref))
    const cur = fs.readdirSync(path.join(this.root, 'cur')).find(name => baseName(name) === ref || baseName(name) === short)
    return cur ? path.join(this.root, 'cur', cur) : null
  }
}

/**
 * Opens without following a link (O_NOFOLLOW: a link is ELOOP) and without blocking (O_NONBLOCK: a
 * FIFO put there between lstat and open opens at once), then reads only a regular file (fstat of the
 * descriptor, so what is read is what was checked). ENOENT passes through for the caller.
 */
async function readRegularFile(file: string): Promise<Buffer> {
  let handle: fs.promises.FileHandle
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw error
    if (code === 'ELOOP') throw new SourceItemError(text('mail.maildirLinkNotFollowed'), 'not-a-file')
    throw new SourceItemError(text('mail.maildirUnreadable', {cause: describeError(error)}), 'unreadable')
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new SourceItemError(text('mail.maildirNotRegular', {kind: kindOf(stat)}), 'not-a-file')
    return await handle.readFile()
  } catch (error) {
    if (error instanceof SourceItemError) throw error
    throw new SourceItemError(text('mail.maildirUnreadable', {cause: describeError(error)}), 'unreadable')
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/**
 * fsync of the folders a rename changed (rename(2) is atomic but not durable until its directories are
 * synced): the destination first, so that after a power cut a message is in one of the two, never lost.
 */
function syncFolders(...dirs: string[]): void {
  for (const dir of dirs) {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY)
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file)
  } catch {
    return null
  }
}

function kindOf(stat: fs.Stats): EntryKind {
  return stat.isSymbolicLink() ? 'symlink' : stat.isFIFO() ? 'fifo' : stat.isDirectory() ? 'directory'
    : stat.isSocket() ? 'socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'device' : 'other'
}

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(e?.message ?? error)
}

/** A reference that is not one file name of the Maildir (`nss mail reprocess` reads refs from the store). */
function isUnsafeName(ref: string): boolean {
  return ref === '' || ref === '.' || ref === '..' || ref.includes('/') || ref.includes('\0')
}

/** The unique part of a Maildir name, before the `:2,FLAGS` info. */
function baseName(name: string): string {
  const info = name.indexOf(':2,')
  return info === -1 ? name : name.slice(0, info)
}

/**
 * The message's name in `cur/`: `name:2,FLAGS` with S added (flags stay sorted, as the Maildir
 * convention asks). A name with no room left for the flags (NAME_MAX) keeps as much of its unique part
 * as fits plus a hash of the whole, so it stays unique and fetch() finds it again.
 */
function curNameOf(name: string): string {
  const info = name.indexOf(':2,')
  const base = info === -1 ? name : name.slice(0, info)
  const flags = new Set(info === -1 ? '' : name.slice(info + 3))
  flags.add('S')
  const suffix = `:2,${[...flags].sort().join('')}`
  if (Buffer.byteLength(base + suffix) <= NAME_MAX) return base + suffix
  const tag = `.${createHash('sha256').update(base).digest('hex').slice(0, 16)}`
  let kept = Buffer.from(base).subarray(0, NAME_MAX - Buffer.byteLength(tag + suffix)).toString('utf8')
  // A multi-byte character cut in two decodes to U+FFFD: drop it.
  kept = kept.replace(/\uFFFD+$/, '')
  return kept + tag + suffix
}
