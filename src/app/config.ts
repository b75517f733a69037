import * as path from 'node:path'
import {Issue, InfrastructureError} from '../domain/errors'
import {isRealDate, LocalDate} from '../domain/japan-time'

/** Where the store lives: the embedded SQLite file, or a PostgreSQL URL. */
export type StoreLocation = {kind: 'sqlite'; path: string} | {kind: 'postgres'; url: string}

/** Everything the desk reads from its environment, checked once (the one config loader). */
export interface DeskConfig {
  /** NSS_HOME: the database, the secret key file and the embedded mail folders. */
  home: string
  store: StoreLocation
  /** NSS_MIN_LEAD_DAYS: business days between submission and the desired date (SPEC §3). */
  minLeadBusinessDays: number
  /** NSS_CLOSED_DAYS: extra closed days, comma-separated YYYY-MM-DD (SPEC §6). */
  extraClosedDays: LocalDate[]
  /** NSS_MAIL_FROM: the From of every mail the desk sends. */
  mailFrom: string
  /** The domain of Message-IDs and reply addresses: the domain of NSS_MAIL_FROM. */
  mailDomain: string
  /** Failed logins before an account is locked, and for how long (SPEC §9). */
  lockThreshold: number
  lockMinutes: number
}

type Env = Record<string, string | undefined>

/** Reads and checks the configuration; a bad value is exit 6 with every problem named. */
export function loadConfig(env: Env = process.env): DeskConfig {
  const issues: Issue[] = []
  const home = path.resolve(env.NSS_HOME || 'var')
  const store = readStoreLocation(env.NSS_DB, home, issues)
  const minLeadBusinessDays = readInteger(env, 'NSS_MIN_LEAD_DAYS', 4, 0, 60, issues)
  const lockThreshold = readInteger(env, 'NSS_LOCK_THRESHOLD', 5, 1, 100, issues)
  const lockMinutes = readInteger(env, 'NSS_LOCK_MINUTES', 15, 1, 24 * 60, issues)
  const extraClosedDays = (env.NSS_CLOSED_DAYS ?? '').split(',').map(s => s.trim()).filter(Boolean)
  for (const day of extraClosedDays) {
    if (!isRealDate(day)) issues.push({path: 'NSS_CLOSED_DAYS', message: `not a date (YYYY-MM-DD): ${day}`})
  }
  const mailFrom = env.NSS_MAIL_FROM || 'NACCSセンター <nss@nss-desk.localhost>'
  const domainMatch = /@([^>\s]+)>?\s*$/.exec(mailFrom)
  if (!domainMatch) issues.push({path: 'NSS_MAIL_FROM', message: `not a mail address: ${mailFrom}`})
  if (issues.length > 0) throw new InfrastructureError('bad configuration', issues)
  return {
    home, store, minLeadBusinessDays, extraClosedDays, mailFrom, mailDomain: domainMatch![1],
    lockThreshold, lockMinutes,
  }
}

function readStoreLocation(value: string | undefined, home: string, issues: Issue[]): StoreLocation {
  if (!value) return {kind: 'sqlite', path: path.join(home, 'nss.sqlite')}
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value)
    } catch {
      issues.push({path: 'NSS_DB', message: 'not a valid postgres:// URL'})
    }
    return {kind: 'postgres', url: value}
  }
  return {kind: 'sqlite', path: path.resolve(value)}
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number, issues: Issue[]): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({path: name, message: `must be a whole number from ${min} to ${max}`})
    return fallback
  }
  return value
}
