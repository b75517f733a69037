/**
 * The secret key file in NSS_HOME (SPEC §9): 32 random bytes as hex, mode 0600, created by `nss init`
 * when missing. Every sealed password and signed reply address depends on it (src/domain/secret-box.ts).
 */
import {text} from '../domain/messages/text'
import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {InfrastructureError} from '../domain/errors'

export const SECRET_KEY_FILE = 'secret.key'

const KEY_BYTES = 32
const KEY_PATTERN = /^[0-9a-f]{64}$/i

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

/**
 * The desk's secret key, created when missing. The key is written to a private temporary file first
 * and then hard-linked into place: the link either appears complete or fails with EEXIST, so two
 * concurrent `nss init` never both win and a reader never sees a half-written file.
 */
export function ensureSecretKey(home: string): {key: Buffer; created: boolean} {
  fs.mkdirSync(home, {recursive: true, mode: 0o700})
  const target = path.join(home, SECRET_KEY_FILE)
  if (fs.existsSync(target)) return {key: readSecretKey(home), created: false}

  const key = randomBytes(KEY_BYTES)
  const temporary = path.join(home, `.${SECRET_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const fd = fs.openSync(temporary, 'wx', 0o600)
    try {
      // Exactly 0600 whatever the umask (open's mode passes through it).
      fs.fchmodSync(fd, 0o600)
      fs.writeSync(fd, `${key.toString('hex')}\n`)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    try {
      fs.linkSync(temporary, target)
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') return {key: readSecretKey(home), created: false}
      throw error
    }
    return {key, created: true}
  } catch (error) {
    if (error instanceof InfrastructureError) throw error
    throw new InfrastructureError(text('app.secretKeyCannotCreate', {file: target, reason: (error as Error).message}))
  } finally {
    fs.rmSync(temporary, {force: true})
  }
}

/**
 * The desk's secret key. Refuses a missing or malformed file, and one that group or others may read
 * (the key decrypts every issued password, SPEC §7).
 */
export function readSecretKey(home: string): Buffer {
  const file = path.join(home, SECRET_KEY_FILE)
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new InfrastructureError(text('app.secretKeyMissing'))
    throw new InfrastructureError(text('app.secretKeyCannotRead', {file, reason: (error as Error).message}))
  }
  if (!stat.isFile()) throw new InfrastructureError(text('app.secretKeyNotFile', {file}))
  // POSIX permission bits mean little on Windows, where ACLs decide.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0')
    throw new InfrastructureError(text('app.secretKeyOpen', {file, mode}))
  }
  const content = fs.readFileSync(file, 'utf8').trim()
  // The message never quotes the content: a near-miss could still be most of the key.
  if (!KEY_PATTERN.test(content)) {
    throw new InfrastructureError(text('app.secretKeyMalformed', {file, digits: KEY_BYTES * 2}))
  }
  return Buffer.from(content, 'hex')
}
