/**
 * What both PostgreSQL connections of a process share: TypeORM's pool, for writes, and the read
 * models' own client (read-models.ts). This file loads neither TypeORM nor `pg` until a connection opens.
 */
import type {Client} from 'pg'

/** How long opening a connection may take before the store counts as unreachable (exit 6). */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000

/** The URL with its password masked, for every message and log line (a password is never shown). */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}

/** A plain `pg` client connected to the database of `url`. */
export async function openPostgresConnection(url: string): Promise<Client> {
  const pg = require('pg') as typeof import('pg')
  const client = new pg.Client({connectionString: url, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS, application_name: 'nss-desk'})
  // A connection lost while idle must not crash the process: the next query fails and is translated.
  client.on('error', () => undefined)
  await client.connect()
  return client
}
