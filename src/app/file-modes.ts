import {text} from '../domain/messages/text'
/**
 * What `nss init` makes and keeps private (issue 11 point 13): NSS_HOME, the mail folders under it and
 * the SQLite store with its -wal and -shm are the operator's alone — folders 0700, files 0600 (the
 * store holds personal data and sealed passwords; secret.key, src/app/secret-key.ts, is 0600 too).
 * New ones are created with those modes whatever the umask (an explicit chmod after creating); an
 * existing one found wider is tightened, and each change is reported for init to say.
 *
 * SQLite creates -wal and -shm with the mode of the database file (its unix VFS copies it), so a store
 * file created 0600 keeps its companions at 0600.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {InfrastructureError} from '../domain/errors'

export const PRIVATE_FOLDER_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** A mode init changed: the path, and the permission bits before and after (e.g. `0755` → `0700`). */
export interface ModeChange {
  path: string
  from: string
  to: string
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0')
const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code

/** Sets `mode` on an existing path whose group or others have any access; records the change. */
export function tightenMode(target: string, mode: number, changes: ModeChange[]): void {
  const stat = fs.statSync(target, {throwIfNoEntry: false})
  if (!stat || (stat.mode & 0o077) === 0) return
  fs.chmodSync(target, mode)
  changes.push({path: target, from: octal(stat.mode), to: octal(mode)})
}

/**
 * NSS_HOME, ready for the desk: a folder (created 0700 with its missing parents) or exit 6 with a plain
 * line when it is a file or cannot be created (issue 11 point 14). An existing home found wider is
 * tightened.
 */
export function preparePrivateHome(home: string, changes: ModeChange[]): void {
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(home, {throwIfNoEntry: false})
  } catch (error) {
    // ENOTDIR (a part of the path is a file), EACCES…: the same plain line as a failed mkdir.
    throw cannotCreate('NSS_HOME', home, error)
  }
  if (stat && !stat.isDirectory()) {
    throw new InfrastructureError(text('app.homeNotFolder', {home}))
  }
  if (stat) {
    tightenMode(home, PRIVATE_FOLDER_MODE, changes)
    return
  }
  makePrivateFolder(home, 'NSS_HOME')
}

/** Creates a folder 0700 (with missing parents), or exit 6 saying why it cannot be. */
export function makePrivateFolder(folder: string, what: string): void {
  try {
    fs.mkdirSync(folder, {recursive: true, mode: PRIVATE_FOLDER_MODE})
    // mkdir's mode passes through the umask; the chmod makes it exactly 0700.
    fs.chmodSync(folder, PRIVATE_FOLDER_MODE)
  } catch (error) {
    throw cannotCreate(what, folder, error)
  }
}

function cannotCreate(what: string, folder: string, error: unknown): InfrastructureError {
  const code = errnoOf(error)
  const reason = code === 'ENOTDIR' || code === 'EEXIST' ? 'pathHasFile'
    : code === 'EACCES' || code === 'EPERM' ? 'permissionDenied'
      : code === 'EROFS' ? 'readOnly'
        : code === 'ENOSPC' ? 'diskFull'
          : (error as Error).message
  return new InfrastructureError(text('app.cannotCreateFolder', {what, folder, reason}))
}

/**
 * The SQLite store file: created empty at 0600 when missing (SQLite then makes its -wal and -shm with
 * the same mode), else tightened with its -wal and -shm.
 */
export function preparePrivateStoreFile(file: string, changes: ModeChange[]): void {
  const folder = path.dirname(file)
  if (!fs.existsSync(folder)) makePrivateFolder(folder, 'the store folder')
  try {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, PRIVATE_FILE_MODE)
    try {
      fs.fchmodSync(fd, PRIVATE_FILE_MODE)
    } finally {
      fs.closeSync(fd)
    }
    return
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw new InfrastructureError(text('app.cannotCreateStore', {file, reason: (error as Error).message}))
  }
  for (const companion of [file, `${file}-wal`, `${file}-shm`]) tightenMode(companion, PRIVATE_FILE_MODE, changes)
}

/**
 * The mail folders under NSS_HOME: `mail/`, the spool `mail/outbox/` and the Maildir `mail/inbox/`
 * with `new/`, `cur/`, `tmp/`, created 0700; every folder found in `mail/` (two levels down, which
 * holds the Maildir's and any folder set aside there) tightened. Files are not visited: the folder
 * keeps them private, and a Maildir may hold many.
 */
export function preparePrivateMailFolders(home: string, changes: ModeChange[]): void {
  const mail = path.join(home, 'mail')
  for (const folder of [mail, path.join(mail, 'outbox'), path.join(mail, 'inbox'), ...['new', 'cur', 'tmp'].map(d => path.join(mail, 'inbox', d))]) {
    if (fs.existsSync(folder)) tightenMode(folder, PRIVATE_FOLDER_MODE, changes)
    else makePrivateFolder(folder, 'the mail folder')
  }
  for (const child of subfolders(mail)) {
    tightenMode(child, PRIVATE_FOLDER_MODE, changes)
    for (const grandchild of subfolders(child)) tightenMode(grandchild, PRIVATE_FOLDER_MODE, changes)
  }
}

/** The folders directly in `folder` (not links to them). */
function subfolders(folder: string): string[] {
  try {
    return fs.readdirSync(folder, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => path.join(folder, entry.name))
  } catch {
    return []
  }
}
