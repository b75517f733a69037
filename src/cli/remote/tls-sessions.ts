/**
 * TLS sessions of the remote CLI, kept between calls (issue 12 point 4). A remote call is a new process
 * every time; the first TLS context of a Node 20 process parses Node's ~140 bundled root certificates
 * even when NSS_CA_FILE replaces them (nodejs/node#56301), 20–50 ms of every call. A call that resumes
 * the session of an earlier one (a TLS 1.3 ticket) needs no certificate: the server proves it holds the
 * ticket's secret, the session carries the verification its first handshake passed (against the same
 * CA and for the same origin), and the context is made with no roots at all (`ca: []`). When the server
 * no longer takes the ticket (restarted, another server, older than its lifetime) it sends its
 * certificate, which the empty trust store refuses before anything is sent; the client then forgets
 * the session and connects again, verifying as it always did (src/cli/remote/client.ts).
 *
 * A session is what lets a server be believed without its certificate, so nothing here trusts the
 * file system for it: an entry is kept per origin and trust (the CA file's SHA-256, or Node's roots),
 * in `$XDG_CACHE_HOME/nss-desk/tls-sessions` (mode 0700, files 0600, written whole), and is taken only
 * with an HMAC under the API token of the call — whoever could write a session of their own server
 * there would need the token, which is what they would be after. `NSS_TLS_SESSIONS=off` keeps none.
 * Any failure to read or write only costs the time it would have saved.
 */
import {createHash, createHmac, timingSafeEqual} from 'node:crypto'
import fs = require('node:fs')
import os = require('node:os')
import path = require('node:path')

export interface TlsSessionCache {
  /** The session kept for this origin, trust and token, if one is. */
  load(): Buffer | undefined
  save(session: Buffer): void
  forget(): void
}

const MAC_BYTES = 32

/** The folder sessions are kept in, or null when NSS_TLS_SESSIONS=off or there is no place for them. */
export function tlsSessionFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NSS_TLS_SESSIONS === 'off' || env.NSS_TLS_SESSIONS === '0') return null
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : os.homedir() ? path.join(os.homedir(), '.cache') : ''
  return base ? path.join(base, 'nss-desk', 'tls-sessions') : null
}

/**
 * The cache of one origin (`https://host:port`) under one trust: `trust` is the CA file's content, or
 * null for Node's roots (with NODE_EXTRA_CA_CERTS, which is part of that trust). Null without a folder.
 */
export function tlsSessionCache(origin: string, trust: Buffer | null, token: string, env: NodeJS.ProcessEnv = process.env): TlsSessionCache | null {
  const folder = tlsSessionFolder(env)
  if (!folder) return null
  const trustId = trust ? `ca:${createHash('sha256').update(trust).digest('hex')}` : `roots:${env.NODE_EXTRA_CA_CERTS ?? ''}`
  const scope = `${origin}\n${trustId}`
  const file = path.join(folder, createHash('sha256').update(scope).digest('hex').slice(0, 32))
  const macOf = (session: Buffer) => createHmac('sha256', token).update(scope).update('\n').update(session).digest()
  return {
    load() {
      try {
        if (!isPrivate(folder) || !isPrivate(file)) return undefined
        const content = fs.readFileSync(file)
        const session = content.subarray(MAC_BYTES)
        if (content.length <= MAC_BYTES || !timingSafeEqual(content.subarray(0, MAC_BYTES), macOf(session))) return undefined
        return session
      } catch {
        return undefined
      }
    },
    save(session) {
      try {
        fs.mkdirSync(folder, {recursive: true, mode: 0o700})
        if (!isPrivate(folder)) return
        const temporary = `${file}.${process.pid}.tmp`
        fs.writeFileSync(temporary, Buffer.concat([macOf(session), session]), {mode: 0o600})
        fs.renameSync(temporary, file)
      } catch {
        // Only the time of the next call's certificate check is lost.
      }
    },
    forget() {
      try {
        fs.unlinkSync(file)
      } catch {
        // Not there, or not ours to remove: load() would not take it either way once it fails its MAC.
      }
    },
  }
}

/** A folder or file of this user's that no one else can write (and not a symbolic link). */
function isPrivate(target: string): boolean {
  const stat = fs.lstatSync(target)
  if (stat.isSymbolicLink()) return false
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false
  return (stat.mode & 0o022) === 0
}
