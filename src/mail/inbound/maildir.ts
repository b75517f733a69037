import * as fs from 'node:fs'
import * as path from 'node:path'
import type {InboundItem, MailSource} from './source'

/**
 * The embedded inbox: a Maildir (`new/`, `cur/`, `tmp/`) at $NSS_HOME/mail/inbox that a local MTA can
 * also deliver to (SPEC §11). New mail is in `new/`; a message done is moved to `cur/` with the `S`
 * (seen) flag, by rename, which is atomic within one file system.
 */
export class MaildirSource implements MailSource {
  readonly kind = 'maildir' as const

  constructor(readonly root: string) {
    for (const dir of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(root, dir), {recursive: true, mode: 0o700})
  }

  async *list(): AsyncIterable<InboundItem> {
    const dir = path.join(this.root, 'new')
    // Oldest first: delivery order is the order an office wrote its replies in.
    const names = fs.readdirSync(dir).filter(name => !name.startsWith('.'))
    const dated = names.map(name => ({name, mtime: statOrNull(path.join(dir, name))?.mtimeMs ?? 0}))
    dated.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
    for (const {name} of dated) {
      const item = this.itemAt(path.join(dir, name), name)
      if (item) yield item
    }
  }

  /** A message by reference, in `new/` or already in `cur/` (for `nss mail reprocess`). */
  async fetch(ref: string): Promise<InboundItem | null> {
    const inNew = path.join(this.root, 'new', ref)
    if (fs.existsSync(inNew)) return this.itemAt(inNew, ref)
    const cur = fs.readdirSync(path.join(this.root, 'cur')).find(name => baseName(name) === ref)
    return cur ? this.itemAt(path.join(this.root, 'cur', cur), ref) : null
  }

  async markDone(ref: string): Promise<void> {
    const from = path.join(this.root, 'new', ref)
    try {
      fs.renameSync(from, path.join(this.root, 'cur', withSeenFlag(ref)))
    } catch (error) {
      // Already done: by this process before a crash, or by another daemon sharing the Maildir and a
      // PostgreSQL store (src/store/claims.ts), which moved it first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
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
      if (fs.readdirSync(path.join(this.root, 'new')).some(name => !name.startsWith('.'))) done()
    })
  }

  async close(): Promise<void> {}

  private itemAt(file: string, ref: string): InboundItem | null {
    const stat = statOrNull(file)
    if (!stat?.isFile()) return null
    return {ref, size: stat.size, read: () => this.readEither(file, ref)}
  }

  /**
   * The message's bytes, from `new/`, or from `cur/` when another daemon sharing this Maildir (on a
   * PostgreSQL store) has done it and moved it since it was listed: the store then knows it as done.
   */
  private async readEither(file: string, ref: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const cur = fs.readdirSync(path.join(this.root, 'cur')).find(name => baseName(name) === ref)
      if (!cur) throw error
      return fs.promises.readFile(path.join(this.root, 'cur', cur))
    }
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file)
  } catch {
    return null
  }
}

/** The unique part of a Maildir name, before the `:2,FLAGS` info. */
function baseName(name: string): string {
  const info = name.indexOf(':2,')
  return info === -1 ? name : name.slice(0, info)
}

/** `name:2,FLAGS` with S added (flags stay sorted, as the Maildir convention asks). */
function withSeenFlag(name: string): string {
  const info = name.indexOf(':2,')
  if (info === -1) return `${name}:2,S`
  const flags = new Set(name.slice(info + 3))
  flags.add('S')
  return `${name.slice(0, info)}:2,${[...flags].sort().join('')}`
}
