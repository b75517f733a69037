/**
 * The read models on PostgreSQL: the same named statements as on SQLite (read-models.ts), run through
 * a plain `pg` client without TypeORM (SPEC §14: `nss status` and logins stay light), each screen in
 * one REPEATABLE READ, READ ONLY transaction, so all its queries see one commit.
 */
import type {Client} from 'pg'
import {InfrastructureError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {POSTGRES_MIGRATIONS} from './migrations/postgres'
import {Mutex} from './mutex'
import {openPostgresConnection} from './postgres-connection'
import {knownMigrationNames, ReadModels, StatementReadModels} from './read-models'

/** `?` placeholders (the statements are written once for both dialects) as PostgreSQL's `$1, $2 …`. */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

export class PostgresReadModels extends StatementReadModels {
  private readonly texts = new Map<string, string>()
  /** One snapshot at a time on the one client. */
  private readonly mutex = new Mutex()

  private constructor(private readonly client: Client) {
    super()
  }

  /** Connects and refuses a database that has not run every migration of this build: `nss init` migrates. */
  static async open(url: string): Promise<PostgresReadModels> {
    const client = await openPostgresConnection(url)
    try {
      const {rows: [table]} = await client.query<{name: string | null}>(`SELECT to_regclass('migrations')::text AS "name"`)
      const executed = new Set(table.name
        ? (await client.query<{name: string}>('SELECT "name" FROM "migrations"')).rows.map(row => row.name)
        : [])
      if (!knownMigrationNames(POSTGRES_MIGRATIONS).every(name => executed.has(name))) {
        throw new InfrastructureError(text('store.needsMigrating'))
      }
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    return new PostgresReadModels(client)
  }

  inSnapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      try {
        const result = await work(this)
        await this.client.query('COMMIT')
        return result
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined)
        throw error
      }
    })
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined)
  }

  protected readonly lockRowClause = ' FOR UPDATE'

  /** READ COMMITTED: the account row read FOR UPDATE is the latest committed, locked until COMMIT. */
  protected inLoginTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      await this.client.query('BEGIN')
      try {
        const result = await work()
        await this.client.query('COMMIT')
        return result
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined)
        throw error
      }
    })
  }

  protected async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.client.query({text: this.textOf(sql), values: params as unknown[]})).rows as T[]
  }

  protected async rows(sql: string, params: unknown[]): Promise<unknown[][]> {
    return (await this.client.query({text: this.textOf(sql), values: params as unknown[], rowMode: 'array'})).rows as unknown[][]
  }

  /** The statement with PostgreSQL's placeholders, converted once. */
  private textOf(sql: string): string {
    let text = this.texts.get(sql)
    if (!text) this.texts.set(sql, text = toPostgresPlaceholders(sql))
    return text
  }
}
