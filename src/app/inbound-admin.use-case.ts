/**
 * Looking after inbound mail (SPEC §11): `nss mail inbound` lists what the bot read and what came of
 * each message; `nss mail reprocess ID` gives a message that could not be processed another go — one
 * that failed to parse (after an upgrade), one over NSS_MAX_MESSAGE_BYTES (after the limit was raised:
 * its bytes were never stored, so they are read again from the source), or one a crash left stored.
 */
import {text} from '../domain/messages/text'
import {createHash} from 'node:crypto'
import {ConflictError, InvalidInputError, NotFoundError} from '../domain/errors'
import {toTokyoIso} from '../domain/japan-time'
import {MailSource, SourceItemError} from '../mail/inbound/source'
import {InboundMessageEntity} from '../store/entities'
import type {DeskContext} from './context'
import {openMailSource} from './mail-source'
import {InboundResult, processStored, readMessageId} from './process-inbound.use-case'

/** One inbound message as `nss mail inbound` shows it. Times are ISO 8601 with +09:00. */
export interface InboundMessageView {
  id: number
  receivedAt: string
  source: string
  /** Where the message is in its source (Maildir file name, `mailbox:uidvalidity:uid`). */
  sourceRef: string
  messageId: string | null
  from: string | null
  subject: string | null
  size: number
  /** stored (not yet acted on), done, failed (kept for `nss mail reprocess`). */
  state: string
  /** human, bounce, auto-reply, own, unparseable, too-large; not-a-file, unreadable, vanished (the source could not give it). */
  kind: string | null
  /** What came of it (src/app/process-inbound.use-case.ts InboundOutcome). */
  outcome: string | null
  receiptNo: string | null
  detail: string | null
  processedAt: string | null
  attempts: number
  /**
   * What the desk still holds of the message's text (docs/mail.md "What the desk keeps"): `message`, all of
   * it; `headers`, its header section (nobody acted on it); `nothing`, purged after NSS_RETENTION_DAYS
   * (or never stored: over the size limit).
   */
  kept: 'message' | 'headers' | 'nothing'
}

/** What `nss mail inbound` lists: the newest first. */
export interface InboundFilter {
  /** Only the messages that could not be processed (state failed). */
  failed?: boolean
  receiptNo?: string
  limit?: number
}

/** nss mail inbound: the newest messages first, optionally only the failed ones or one application's. */
export async function listInbound(ctx: DeskContext, filter: InboundFilter = {}): Promise<{messages: InboundMessageView[]}> {
  const rows = await ctx.store.read(manager => {
    const query = manager.createQueryBuilder(InboundMessageEntity, 'i').orderBy('i.id', 'DESC').take(filter.limit ?? 50)
    if (filter.failed) query.andWhere('i.state = :state', {state: 'failed'})
    if (filter.receiptNo) query.andWhere('i.receiptNo = :receiptNo', {receiptNo: filter.receiptNo})
    return query.getMany()
  })
  return {messages: rows.map(toInboundMessageView)}
}

/** What `nss mail reprocess` did: the message as it now stands, and the outcome of this run. */
export interface ReprocessResult {
  message: InboundMessageView
  outcome: InboundResult['outcome']
  receiptNo: string | null
  newReceiptNo?: string
}

/**
 * nss mail reprocess ID: processes a failed (or a crash-interrupted) message again, through the same
 * steps as the daemon. A message over the size limit is read again from its source (its bytes were
 * never stored) — only once the limit has been raised above its size. A message already done is a
 * conflict: it has had its one outcome (SPEC §14).
 */
export async function reprocessInbound(
  ctx: DeskContext, id: number, options: {openSource?: () => Promise<MailSource>} = {},
): Promise<ReprocessResult> {
  const row = await ctx.store.read(manager => manager.findOneBy(InboundMessageEntity, {id}))
  if (!row) throw new NotFoundError(text('app.noInbound', {id}))
  if (row.state === 'done') {
    throw new ConflictError(text('app.inboundDone', {id, outcome: row.outcome ?? row.kind ?? ''}))
  }
  if (row.rawKept === 'nothing') {
    // Not read again from the source either: past the retention period the desk no longer holds it.
    throw new ConflictError(text('app.inboundPurged', {id, at: toTokyoIso(new Date(row.receivedAt)), days: ctx.config.retentionDays}))
  }
  if (row.state === 'failed') {
    if (row.raw === null) await restoreFromSource(ctx, row, options.openSource ?? (() => openMailSource(ctx)))
    else await ctx.store.write(m => m.update(InboundMessageEntity, {id, state: 'failed'}, {state: 'stored', kind: null, outcome: null}))
  }
  const result = await processStored(ctx, id)
  if (result.outcome === 'in-progress') {
    // PostgreSQL: a daemon is making this message's outcome right now (src/store/claims.ts).
    throw new ConflictError(text('app.inboundBusy', {id}))
  }
  const after = await ctx.store.read(manager => manager.findOneByOrFail(InboundMessageEntity, {id}))
  if (after.state === 'failed') {
    throw new InvalidInputError(text('app.inboundStillFails', {id, reason: after.detail ?? String(after.outcome)}), [
      {path: String(id), message: after.detail ?? String(after.outcome)},
    ])
  }
  return {message: toInboundMessageView(after), outcome: result.outcome, receiptNo: result.receiptNo, newReceiptNo: result.newReceiptNo}
}

/**
 * A message recorded without its bytes (over the size limit, SPEC §11 Limits): read it again from the
 * source now that the limit allows, store it raw with its hash, and key it by its Message-ID like any
 * other message — unless that message is known already under another row, which then had its outcome.
 */
async function restoreFromSource(ctx: DeskContext, row: InboundMessageEntity, openSource: () => Promise<MailSource>): Promise<void> {
  const limit = ctx.config.maxMessageBytes
  if (row.size > limit) {
    throw new ConflictError(text('app.inboundTooLarge', {id: row.id, size: row.size, limit}))
  }
  const source = await openSource()
  let raw: Buffer
  try {
    if (source.kind !== row.source) {
      throw new ConflictError(text('app.inboundOtherSource', {id: row.id, source: row.source, now: source.kind}))
    }
    const item = await source.fetch(row.sourceRef)
    if (!item) throw new NotFoundError(text('app.inboundGoneFromSource', {id: row.id, source: row.source, ref: row.sourceRef}))
    if (item.size > limit) {
      throw new ConflictError(text('app.inboundTooLarge', {id: row.id, size: item.size, limit}))
    }
    try {
      raw = await item.read()
    } catch (error) {
      // Still not a regular file, still unreadable: nothing changes (exit 2, as for a parse failure).
      if (!(error instanceof SourceItemError)) throw error
      throw new InvalidInputError(text('app.inboundStillFails', {id: row.id, reason: error.message}), [{path: String(row.id), message: error.message}])
    }
  } finally {
    await source.close().catch(() => undefined)
  }
  const sha256 = createHash('sha256').update(raw).digest('hex')
  const messageId = readMessageId(raw)
  const dedupeKey = messageId ? `mid:${messageId}` : `sha256:${sha256}`
  await ctx.store.write(async manager => {
    const twin = await manager.findOneBy(InboundMessageEntity, {dedupeKey})
    if (twin && twin.id !== row.id) {
      await manager.update(InboundMessageEntity, {id: row.id}, {
        state: 'done', outcome: 'duplicate', detail: `the same message as inbound message ${twin.id}`, messageId,
        sha256, processedAt: ctx.clock.now().toISOString(),
      })
      return
    }
    await manager.update(InboundMessageEntity, {id: row.id, state: 'failed'}, {
      dedupeKey, messageId, sha256, size: raw.length, raw: raw.toString('base64'), state: 'stored', kind: null, outcome: null, detail: null,
    })
  })
}

function toInboundMessageView(row: InboundMessageEntity): InboundMessageView {
  const at = (iso: string | null) => (iso ? toTokyoIso(new Date(iso)) : null)
  return {
    id: row.id,
    receivedAt: at(row.receivedAt)!,
    source: row.source,
    sourceRef: row.sourceRef,
    messageId: row.messageId,
    from: row.fromAddress,
    subject: row.subject,
    size: row.size,
    state: row.state,
    kind: row.kind,
    outcome: row.outcome,
    receiptNo: row.receiptNo,
    detail: row.detail,
    processedAt: at(row.processedAt),
    attempts: row.attempts,
    kept: row.raw === null ? 'nothing' : row.rawKept === 'headers' ? 'headers' : 'message',
  }
}
