/**
 * What `nss serve` reads besides the desk's own configuration (src/app/config.ts): where it listens,
 * its TLS certificate, how long a login lasts, how many requests a client may make. Checked at once,
 * every problem named (exit 6: the server cannot start as configured).
 */
import * as fs from 'node:fs'
import {isIP} from 'node:net'
import {InfrastructureError, type IssueInput} from '../domain/errors'
import {text} from '../domain/messages/text'

export interface ServerSettings {
  host: string
  port: number
  /** PEM certificate chain and key (NSS_TLS_CERT, NSS_TLS_KEY); null = plain HTTP, on a loopback address only. */
  tls: {cert: Buffer; key: Buffer} | null
  /** NSS_LOGIN_HOURS: the life of a token from `nss login` (default 12, at most 168). */
  loginHours: number
  /** NSS_API_RATE_LIMIT: requests per minute per token (or per client address before one is shown); 0 = no limit. */
  rateLimitPerMinute: number
  /** NSS_LOGIN_ADDRESS_LIMIT: failed logins per client address in NSS_LOCK_MINUTES before its logins are refused unchecked. */
  loginAddressLimit: number
  /** NSS_TRUST_PROXY: addresses (or `loopback`) of a reverse proxy whose X-Forwarded-For names the client; unset, none is believed. */
  trustProxy: string | null
  /** Request bodies beyond this are refused (413, exit 2): the CLI's own input cap and some room. */
  bodyLimit: number
}

export const DEFAULT_LISTEN = '127.0.0.1:8443'
export const DEFAULT_LOGIN_HOURS = 12
export const DEFAULT_RATE_LIMIT = 3000
export const DEFAULT_LOGIN_ADDRESS_LIMIT = 30

/** 127.0.0.0/8, ::1 and `localhost`: where plain HTTP may listen (a reverse proxy on the same host). */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === '[::1]'
}

function readPem(name: string, file: string | undefined, issues: IssueInput[]): Buffer | null {
  if (!file) return null
  try {
    return fs.readFileSync(file)
  } catch (error) {
    issues.push({path: name, message: text('server.issueCannotReadPem', {file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message})})
    return null
  }
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, issues: IssueInput[]): number {
  const given = env[name]?.trim()
  if (given === undefined || given === '') return fallback
  const value = /^\d{1,9}$/.test(given) ? Number(given) : Number.NaN
  if (!(value >= min && value <= max)) issues.push({path: name, message: text('server.issueWholeNumber', {min, max, fallback})})
  return value
}

export function loadServerSettings(listen: string | undefined, env: NodeJS.ProcessEnv = process.env, maxInputBytes: number): ServerSettings {
  const issues: IssueInput[] = []
  const given = (listen ?? DEFAULT_LISTEN).trim()
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(given)
  const host = match ? (match[1] ?? match[2]) : ''
  const port = match ? Number(match[3]) : Number.NaN
  if (!match || !(port >= 0 && port <= 65535)) issues.push({path: '--listen', message: text('server.issueListenForm', {example: DEFAULT_LISTEN})})

  const cert = readPem('NSS_TLS_CERT', env.NSS_TLS_CERT, issues)
  const key = readPem('NSS_TLS_KEY', env.NSS_TLS_KEY, issues)
  if (Boolean(env.NSS_TLS_CERT) !== Boolean(env.NSS_TLS_KEY)) {
    issues.push({path: env.NSS_TLS_CERT ? 'NSS_TLS_KEY' : 'NSS_TLS_CERT', message: text('server.issueTlsBoth')})
  }
  if (!env.NSS_TLS_CERT && !env.NSS_TLS_KEY && match && !isLoopback(host)) {
    issues.push({path: '--listen', message: text('server.issuePlainHttpLoopback', {host})})
  }
  const settings: ServerSettings = {
    host, port,
    tls: cert && key ? {cert, key} : null,
    loginHours: wholeNumber(env, 'NSS_LOGIN_HOURS', DEFAULT_LOGIN_HOURS, 1, 168, issues),
    rateLimitPerMinute: wholeNumber(env, 'NSS_API_RATE_LIMIT', DEFAULT_RATE_LIMIT, 0, 1_000_000, issues),
    loginAddressLimit: wholeNumber(env, 'NSS_LOGIN_ADDRESS_LIMIT', DEFAULT_LOGIN_ADDRESS_LIMIT, 1, 100_000, issues),
    trustProxy: env.NSS_TRUST_PROXY?.trim() || null,
    // JSON re-encoded by the client is about the size of its file; a margin for escapes.
    bodyLimit: maxInputBytes + 64 * 1024,
  }
  if (issues.length > 0) throw new InfrastructureError(text('server.cannotStart'), issues)
  return settings
}
