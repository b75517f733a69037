/**
 * Named leases in the store (SPEC §12: "Only one daemon works a store at a time (a lease in the
 * store)"). A lease is one row: its holder (`host:pid:random`) and the instant it expires. Each
 * operation is one write transaction with a compare-and-set, so two processes — or two daemons on one
 * PostgreSQL database — never both hold it. A holder that dies stops renewing; once its lease has
 * expired another process may take it over.
 */
import {randomBytes} from 'node:crypto'
import * as os from 'node:os'
import {LeaseEntity} from '../store/entities'
import type {DeskContext} from './context'

/** The lease of the daemon: one per store. */
export const DAEMON_LEASE = 'daemon'

/** A lease as read back: who holds it and until when (ISO 8601). */
export interface LeaseState {
  name: string
  holder: string
  expiresAt: string
}

/** A fresh holder identity for this process: `host:pid:random` (the random part tells two runs of one pid apart). */
export function newLeaseHolder(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`
}

/**
 * Takes the lease `name` for `holder` until now + `ttlMs`, when it is free, expired, or already this
 * holder's. Returns false when another holder's lease is still running.
 */
export async function acquireLease(ctx: DeskContext, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = ctx.clock.now()
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString()
  return ctx.store.write(async manager => {
    // A first holder creates the row; a row that exists is left to the compare-and-set below.
    await manager.createQueryBuilder().insert().into(LeaseEntity).values({name, holder, expiresAt}).orIgnore().execute()
    const taken = await manager.createQueryBuilder().update(LeaseEntity)
      .set({holder, expiresAt})
      .where('"name" = :name AND ("holder" = :holder OR "expiresAt" < :now)', {name, holder, now: now.toISOString()})
      .execute()
    return taken.affected === 1
  })
}

/**
 * Extends `holder`'s lease to now + `ttlMs`. Returns false when the holder no longer has it (it expired
 * and another process took it over): the caller must stop working the store.
 */
export async function renewLease(ctx: DeskContext, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(ctx.clock.now().getTime() + ttlMs).toISOString()
  return ctx.store.write(async manager => {
    const renewed = await manager.createQueryBuilder().update(LeaseEntity)
      .set({expiresAt})
      .where('"name" = :name AND "holder" = :holder', {name, holder})
      .execute()
    return renewed.affected === 1
  })
}

/** Gives the lease up at once, so the next daemon need not wait for it to expire. Only the holder's own. */
export async function releaseLease(ctx: DeskContext, name: string, holder: string): Promise<void> {
  await ctx.store.write(async manager => {
    await manager.createQueryBuilder().delete().from(LeaseEntity)
      .where('"name" = :name AND "holder" = :holder', {name, holder})
      .execute()
  })
}

/** The lease as stored, or null when nobody holds it. */
export async function readLease(ctx: DeskContext, name: string): Promise<LeaseState | null> {
  const row = await ctx.store.read(manager => manager.findOneBy(LeaseEntity, {name}))
  return row ? {name: row.name, holder: row.holder, expiresAt: row.expiresAt} : null
}
