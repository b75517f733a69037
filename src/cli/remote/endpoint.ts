/**
 * Where the remote CLI sends its commands (issue 12): NSS_URL with NSS_TOKEN, or the login `nss login`
 * saved in $XDG_CONFIG_HOME/nss-desk/credentials.json (mode 0600). NSS_URL and NSS_TOKEN win over the
 * saved login; NSS_CA_FILE (or the CA file saved with the login) is the only CA trusted for the server,
 * else Node's own roots and NODE_EXTRA_CA_CERTS.
 */
import fs = require('node:fs')
import path = require('node:path')
import {AuthError, InfrastructureError} from '../../domain/errors'
import {text} from '../../domain/messages/text'
import {credentialsFile} from './mode'

export {credentialsFile}

export interface SavedLogin {
  url: string
  token: string
  tokenId: string
  expiresAt: string
  principal: {kind: 'office'; code: string} | {kind: 'reviewer'; id: string}
  caFile?: string
}

export interface Endpoint {
  url: URL
  token: string
  caFile?: string
}

export function readSavedLogin(env: NodeJS.ProcessEnv = process.env): SavedLogin | null {
  const file = credentialsFile(env)
  let content: string
  try {
    content = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new InfrastructureError(text('cli.cannotReadLogin', {file, reason: (error as Error).message}))
  }
  try {
    const saved = JSON.parse(content) as SavedLogin
    if (typeof saved.url !== 'string' || typeof saved.token !== 'string') throw new Error('no url or token')
    return saved
  } catch (error) {
    throw new InfrastructureError(text('cli.notSavedLogin', {file, reason: (error as Error).message}))
  }
}

/** Saves a login: the folder 0700, the file 0600, written whole (a temporary file renamed). */
export function saveLogin(login: SavedLogin, env: NodeJS.ProcessEnv = process.env): string {
  const file = credentialsFile(env)
  fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
  const temporary = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, {mode: 0o600, flag: 'w'})
  fs.chmodSync(temporary, 0o600)
  fs.renameSync(temporary, file)
  return file
}

export function forgetLogin(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    fs.rmSync(credentialsFile(env))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** Checks a server URL: https, or http to a loopback address only (a token never crosses a network in clear). */
export function parseServerUrl(value: string, name = 'NSS_URL'): URL {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new InfrastructureError(text('cli.urlInvalid', {name, value}), [{path: name, message: text('cli.issueUrlHint')}])
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InfrastructureError(text('cli.urlNotHttps', {name, origin: url.origin}), [{path: name, message: text('cli.issueHttpsOnly')}])
  }
  if (url.username || url.password) throw new InfrastructureError(text('cli.urlCredentials', {name}), [{path: name, message: text('cli.issueNoUserPassword')}])
  return url
}

/** The endpoint of this call. */
export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env): Endpoint {
  const urlText = env.NSS_URL?.trim()
  const saved = urlText && env.NSS_TOKEN ? null : readSavedLogin(env)
  const url = parseServerUrl(urlText || saved?.url || '', urlText ? 'NSS_URL' : 'the saved login')
  const token = env.NSS_TOKEN?.trim() || (saved && (!urlText || parseServerUrl(saved.url).origin === url.origin) ? saved.token : undefined)
  if (!token) throw new AuthError(text('cli.noToken', {origin: url.origin}))
  // An API token is printable ASCII. One with a line break or a space inside (pasted across lines) cannot
  // go into a header — Node refuses it, an unexpected error (exit 1) — so it is refused here, unsent, as
  // a bad token is (exit 4).
  if (!/^[\x21-\x7e]+$/.test(token)) throw new AuthError(text('cli.tokenMalformed'))
  return {url, token, caFile: env.NSS_CA_FILE || saved?.caFile}
}
