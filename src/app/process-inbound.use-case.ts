import {createHash} from 'node:crypto'
import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import {ConflictError, DeskError, InfrastructureError, InvalidInputError} from '../domain/errors'
import type {OfficeRecord} from '../domain/master-data'
import {tokyoDateOf} from '../domain/japan-time'
import {
  contactEmailChangeIssue, describeReplyFormIssue, formatReplyForm, isFormAsSent, isWithdrawalKeyword, parseReplyForm, replyFormMarkerOf, replyFormToAmendPatch,
} from '../domain/reply-form'
import {ApplicationStatus, Locale, STATUS_LABELS} from '../domain/vocabulary'
import type {Classification} from '../mail/inbound/classify'
import type {DmarcVerdict} from '../mail/inbound/dmarc'
import type {ParsedMessage} from '../mail/inbound/parse'
import {InboundItem, MailSource, SourceItemError} from '../mail/inbound/source'
import type {ReplyErrorMailData} from '../mail/outbound/mail-data'
import {boundReferences} from '../mail/message-ids'
import {matchDeskAddress, mailboxOf} from '../mail/reply-address'
import {claimInboundMessage} from '../store/claims'
import {ApplicationEntity, InboundMessageEntity, OfficeSenderEntity, OutboxMailEntity} from '../store/entities'
import {loadOfficeRecord, toApplication} from '../store/repositories'
import {amendInTransaction} from './amend.use-case'
import type {MailActor} from './actor'
import type {DeskContext} from './context'
import {mailDataOf, writeLog} from './effects'
import {enqueueMail} from './outbox'
import {notifyStaff, notifyStaffOfUndelivered} from './staff-notices'
import {withdrawInTransaction} from './withdraw.use-case'

/**
 * What came of one inbound message (SPEC §11): every message gets exactly one, recorded with it.
 * - amended / withdrawn: the reply acted through the same use cases as the CLI;
 * - office-message: an authenticated reply without a form (a question, "please call me"): its new text
 *   (quotes and signature stripped) and its attachments kept as a 進行状況 entry 事業所からの連絡, the
 *   staff notified (issue 14); the office is not told it did anything wrong;
 * - empty-reply: an authenticated reply with neither a form, nor new text, nor an attachment: recorded, nothing else;
 * - reply-error: the reply was authentic but its form could not be acted on; the registered address was told why;
 * - unsigned: a registered sender without a valid reply-address token; told once how to reply properly;
 * - unauthenticated / unrouted: a stranger, a From not beyond doubt (header-trust.ts), or no application:
 *   recorded, never answered (no backscatter);
 * - bounce-recorded / bounce-unverified / bounce-unmatched / auto-reply / own: machines; recorded, never
 *   answered (bounce-unverified: a bounce that names an outbox mail but did not come to its signed
 *   bounce address, so it marks nothing);
 * - unparseable / too-large: kept for `nss mail inbound --failed` and `nss mail reprocess`;
 * - error: processing failed unexpectedly (a bug, not the store): kept the same way, so that one message
 *   cannot block every message after it.
 * - not-a-file / unreadable / vanished: the source could not give the message (a symbolic link, FIFO
 *   or directory in the Maildir; EACCES or EIO; expunged between listing and reading): recorded with
 *   the cause, without bytes, and set aside in the source (src/mail/inbound/source.ts SourceItemError).
 * - in-progress (never stored): another daemon on the same PostgreSQL store is processing the message
 *   right now; it has the message's one outcome and marks it done in the source.
 */
export type InboundOutcome =
  | 'amended' | 'withdrawn' | 'office-message' | 'empty-reply' | 'reply-error' | 'unsigned' | 'unauthenticated' | 'unrouted'
  | 'bounce-recorded' | 'bounce-unverified' | 'bounce-unmatched' | 'auto-reply' | 'own' | 'unparseable' | 'too-large' | 'duplicate' | 'error'
  | 'not-a-file' | 'unreadable' | 'vanished'
  | 'in-progress'

export interface InboundResult {
  id: number
  outcome: InboundOutcome
  receiptNo: string | null
  /** The new receipt number of an amendment. */
  newReceiptNo?: string
  /** What went wrong with the message in its source (not filed in `cur/`, not set aside), for the log. */
  sourceProblem?: string
}

/**
 * Reads every new message of a source, one at a time, each through `receiveItem`. Stops between two
 * messages when the signal aborts (SIGTERM finishes the current message, SPEC §12).
 */
export async function receiveMail(
  ctx: DeskContext, source: MailSource, options: {signal?: AbortSignal; onResult?: (result: InboundResult, ref: string) => void} = {},
): Promise<InboundResult[]> {
  const results: InboundResult[] = []
  for await (const item of source.list()) {
    if (options.signal?.aborted) break
    const result = await receiveItem(ctx, source, item)
    results.push(result)
    options.onResult?.(result, item.ref)
  }
  return results
}

/**
 * The steps of SPEC §11 for one message: store it raw with its hash before acting (step 1), at most once
 * by Message-ID or hash; process it in one transaction (steps 2–7); mark it done in the source only
 * after that commit (step 8). A crash anywhere re-reads a message the store already knows, and the
 * stored state says whether it still needs acting on.
 */
export async function receiveItem(ctx: DeskContext, source: MailSource, item: InboundItem): Promise<InboundResult> {
  let step1: StoredRaw
  try {
    step1 = await storeRaw(ctx, source.kind, item)
  } catch (error) {
    // The source could not give this one message: recorded and set aside, and the cycle goes on
    // (issue 11 point 3). The store's own failure (InfrastructureError) is not caught: temporary.
    if (error instanceof SourceItemError) return keepUnreadable(ctx, source, item, error)
    throw error
  }
  const {stored, raw} = step1
  const result: InboundResult = stored.state === 'stored'
    ? await processOrKeep(ctx, stored.id, raw)
    : {id: stored.id, outcome: (stored.state === 'done' && stored.sourceRef !== item.ref ? 'duplicate' : stored.outcome ?? 'duplicate') as InboundOutcome, receiptNo: stored.receiptNo}
  // Marking done is for the process that committed the outcome (step 8), not one that stood aside.
  if (result.outcome === 'in-progress') return result
  try {
    await source.markDone(item.ref)
  } catch (error) {
    if (!(error instanceof SourceItemError)) throw error
    // The outcome committed and stands: the message is never acted on twice, only not filed where
    // done messages go. The source set it aside (or remembers it); its row says so.
    await noteSourceProblem(ctx, result.id, error.message)
    return {...result, sourceProblem: error.message}
  }
  return result
}

/**
 * A message its source could not give (SourceItemError): one row keyed by its reference, with the
 * cause and no bytes, state failed (listed by `nss mail inbound --failed`; `nss mail reprocess` reads
 * it again from the source), and the message set aside so list() does not offer it again. Known
 * already (its set-aside failed before): the row stands as it is.
 */
async function keepUnreadable(ctx: DeskContext, source: MailSource, item: InboundItem, error: SourceItemError): Promise<InboundResult> {
  const now = ctx.clock.now().toISOString()
  const dedupeKey = `ref:${source.kind}:${item.ref}`
  const problem = error.problem === 'unmovable' ? 'unreadable' : error.problem
  const stored = await insertOnce(ctx, dedupeKey, {
    dedupeKey, messageId: null, sha256: '', source: source.kind, sourceRef: item.ref, size: item.size, raw: null,
    fromAddress: null, subject: null, receivedAt: now, state: 'failed', kind: problem, outcome: problem,
    receiptNo: null, detail: error.message.slice(0, 2000), processedAt: now, attempts: 0,
  })
  const result: InboundResult = {id: stored.id, outcome: (stored.outcome ?? problem) as InboundOutcome, receiptNo: stored.receiptNo}
  try {
    await source.setAside(item.ref)
  } catch (aside) {
    if (!(aside instanceof SourceItemError)) throw aside
    return {...result, sourceProblem: `not set aside: ${aside.message}`}
  }
  return result
}

/** Adds to a message's detail where it is in its source when that is not where done messages go. */
async function noteSourceProblem(ctx: DeskContext, id: number, problem: string): Promise<void> {
  const note = `source: ${problem}`
  await ctx.store.write(async manager => {
    const row = await manager.findOneOrFail(InboundMessageEntity, {where: {id}, select: {id: true, detail: true}})
    if (row.detail?.includes(note)) return
    await manager.update(InboundMessageEntity, {id}, {detail: [row.detail, note].filter(Boolean).join(' · ').slice(0, 2000)})
  })
}

/**
 * Processes a stored message. A failure of the store (InfrastructureError: disk full, locked, gone) is
 * temporary and propagates: the message stays stored and unmarked, and the next poll tries again. Any
 * other failure is the message's own (a bug meeting an odd mail): it is kept as failed, listed by
 * `nss mail inbound --failed` and reprocessable, and the source moves on — RT's permanent failure —
 * rather than trying it first in every cycle and never reaching the messages behind it.
 */
async function processOrKeep(ctx: DeskContext, id: number, raw: Buffer | null): Promise<InboundResult> {
  try {
    return await processStored(ctx, id, raw ?? undefined)
  } catch (error) {
    if (error instanceof InfrastructureError) throw error
    const detail = `processing failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 2000)
    return finish(ctx, id, null, {state: 'failed', kind: 'error', outcome: 'error', detail})
  }
}

/** What step 1 found or made: the stored row (without its raw text) and the message as read, if it was. */
interface StoredRaw {
  stored: StoredState
  raw: Buffer | null
}

/** The columns of a stored message that say whether it still needs acting on. */
type StoredState = Pick<InboundMessageEntity, 'id' | 'state' | 'outcome' | 'receiptNo' | 'sourceRef' | 'attempts'>
const STORED_STATE_COLUMNS: Record<keyof StoredState, true> = {id: true, state: true, outcome: true, receiptNo: true, sourceRef: true, attempts: true}

/** Step 1: keep the raw message and its SHA-256 before anything acts on it. */
async function storeRaw(ctx: DeskContext, sourceKind: string, item: InboundItem): Promise<StoredRaw> {
  const now = ctx.clock.now().toISOString()
  if (item.size > ctx.config.maxMessageBytes) {
    // Over the limit: recorded, never read whole (SPEC §11 Limits). The source keeps the message,
    // so `nss mail reprocess` can read it again after the limit is raised.
    const dedupeKey = `ref:${sourceKind}:${item.ref}`
    const stored = await insertOnce(ctx, dedupeKey, {
      dedupeKey, messageId: null, sha256: '', source: sourceKind, sourceRef: item.ref, size: item.size, raw: null,
      fromAddress: null, subject: null, receivedAt: now, state: 'failed', kind: 'too-large', outcome: 'too-large',
      receiptNo: null, detail: `${item.size} bytes, over NSS_MAX_MESSAGE_BYTES (${ctx.config.maxMessageBytes})`, processedAt: now,
      attempts: 0,
    })
    return {stored, raw: null}
  }
  const raw = await item.read()
  const sha256 = createHash('sha256').update(raw).digest('hex')
  const messageId = readMessageId(raw)
  const dedupeKey = messageId ? `mid:${messageId}` : `sha256:${sha256}`
  const stored = await insertOnce(ctx, dedupeKey, {
    dedupeKey, messageId, sha256, source: sourceKind, sourceRef: item.ref, size: raw.length, raw: raw.toString('base64'),
    fromAddress: null, subject: null, receivedAt: now, state: 'stored', kind: null, outcome: null, receiptNo: null,
    detail: null, processedAt: null, attempts: 0,
  })
  return {stored, raw}
}

/**
 * Inserts the row unless its key is known, and reads back its state — not its raw text, which the
 * caller holds (a message of megabytes would otherwise be read back, decoded and held twice).
 */
async function insertOnce(ctx: DeskContext, dedupeKey: string, row: Omit<InboundMessageEntity, 'id' | 'rawKept'>): Promise<StoredState> {
  return ctx.store.write(async manager => {
    // updateEntity(false): TypeORM would re-read the generated columns of the row it inserted by the
    // connection's last insert rowid. When the insert is ignored (a message read again after a crash)
    // there is none, and in a process that has inserted nothing yet that fails ("entity id is not set"),
    // which blocked every message behind one a killed daemon had stored. The row is read back below.
    await manager.createQueryBuilder().insert().into(InboundMessageEntity).values(row).orIgnore().updateEntity(false).execute()
    return manager.findOneOrFail(InboundMessageEntity, {where: {dedupeKey}, select: STORED_STATE_COLUMNS})
  })
}

/**
 * The Message-ID from the header block alone (RFC 5322 §3.6.4), without parsing the body: it keys
 * the message before anything else is read. Folded headers are unfolded first.
 */
export function readMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1')
  const end = head.search(/\r?\n\r?\n/)
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ')
  const match = /^message-id:\s*(<[^<>\s]{1,240}>)/im.exec(block)
  return match ? match[1] : null
}

/**
 * Steps 2–7 for a stored message, in one transaction with its outcome. `raw` is the message as just
 * stored (the daemon's path); without it the stored text is read (`nss mail reprocess`).
 */
export async function processStored(ctx: DeskContext, id: number, raw?: Buffer): Promise<InboundResult> {
  if (!raw) {
    const row = await ctx.store.read(m => m.findOneByOrFail(InboundMessageEntity, {id}))
    if (row.state !== 'stored' || row.raw === null) {
      return {id, outcome: (row.outcome ?? 'duplicate') as InboundOutcome, receiptNo: row.receiptNo}
    }
    raw = Buffer.from(row.raw, 'base64')
  }
  const message = raw
  const {parseMessage, UnparseableMessageError} = await import('../mail/inbound/parse')
  let parsed: ParsedMessage
  try {
    parsed = await parseMessage(message, {maxBytes: ctx.config.maxMessageBytes})
  } catch (error) {
    if (!(error instanceof UnparseableMessageError)) throw error
    return finish(ctx, id, null, {state: 'failed', kind: 'unparseable', outcome: 'unparseable', detail: error.message})
  }
  const {classifyMessage} = await import('../mail/inbound/classify')
  const {LOOP_HEADER} = await import('../mail/outbound/message')
  const classification = classifyMessage(parsed, {domain: ctx.config.mailDomain, loopHeader: LOOP_HEADER})
  const {extractNewText} = await import('../mail/inbound/strip-quotes')
  const trust = await judgeTrust(ctx, message, parsed, classification)
  const {headerSectionOf} = await import('../mail/inbound/header-trust')
  const result = await ctx.store.write(async manager => {
    const fresh = await claimInboundMessage(manager, id, STORED_STATE_COLUMNS)
    if (!fresh) return {id, outcome: 'in-progress' as const, receiptNo: null}
    if (fresh.state !== 'stored') return {id, outcome: (fresh.outcome ?? 'duplicate') as InboundOutcome, receiptNo: fresh.receiptNo}
    const decision = await decide(manager, ctx, id, parsed, classification, extractNewText, trust)
    await manager.update(InboundMessageEntity, {id}, {
      state: 'done', kind: classification.kind, outcome: decision.outcome, receiptNo: decision.receiptNo,
      detail: decision.detail ?? classification.reason, fromAddress: parsed.from?.address ?? null,
      subject: parsed.subject.slice(0, 1000), processedAt: ctx.clock.now().toISOString(), attempts: fresh.attempts + 1,
      ...rawToKeep(decision.outcome, message, headerSectionOf),
    })
    return {id, outcome: decision.outcome, receiptNo: decision.receiptNo, newReceiptNo: decision.newReceiptNo}
  })
  if (HEADERS_ONLY_OUTCOMES.has(result.outcome) && message.length >= RECLAIM_AFTER_BYTES) await reclaimRawSpace(ctx)
  return result
}

/**
 * The outcomes whose message the desk keeps only the header section of (issue 11 point 5: strangers
 * must not grow the store): nobody acts on them or answers them, so their bodies are of no use, and a
 * stranger's are personal data of someone the desk has no business with. `size` and `sha256` stay
 * those of the whole message, and the header section is enough to tell what it was.
 */
export const HEADERS_ONLY_OUTCOMES: ReadonlySet<InboundOutcome> = new Set([
  'unauthenticated', 'unrouted', 'auto-reply', 'own', 'bounce-recorded', 'bounce-unverified', 'bounce-unmatched',
])

/** At most this much of a header section is kept: a stranger cannot grow the store through headers either. */
export const MAX_KEPT_HEADER_BYTES = 64 * 1024

/** The columns that replace the raw text, in the transaction of the outcome; nothing for an outcome that keeps it. */
function rawToKeep(
  outcome: InboundOutcome, raw: Buffer, headerSectionOf: (raw: Buffer) => Buffer,
): Pick<InboundMessageEntity, 'raw' | 'rawKept'> | Record<string, never> {
  if (!HEADERS_ONLY_OUTCOMES.has(outcome)) return {}
  return {raw: headerSectionOf(raw).subarray(0, MAX_KEPT_HEADER_BYTES).toString('base64'), rawKept: 'headers'}
}

/** A message this large, cut to its headers, leaves space worth handing back at once (PostgreSQL). */
const RECLAIM_AFTER_BYTES = 1024 * 1024

/**
 * On PostgreSQL the text just cut stays in the table as a dead row version until a VACUUM: twenty
 * 10 MB mails in one cycle would grow the database by 280 MB before autovacuum came round. A plain
 * VACUUM of the one table (no exclusive lock; it runs beside the other daemons) makes that space
 * reusable by the next message at once. SQLite reuses the freed pages by itself. A VACUUM that fails
 * changes nothing: autovacuum does the same later.
 */
async function reclaimRawSpace(ctx: DeskContext): Promise<void> {
  if (!ctx.store.isShared) return
  await ctx.store.read(manager => manager.query('VACUUM inbound_messages')).catch(() => undefined)
}

async function finish(
  ctx: DeskContext, id: number, parsed: ParsedMessage | null,
  fields: {state: string; kind: string; outcome: InboundOutcome; detail: string},
): Promise<InboundResult> {
  // Only a message still waiting: on a shared store (PostgreSQL) another daemon may have made its
  // outcome meanwhile, which stands.
  const {affected} = await ctx.store.write(m => m.update(InboundMessageEntity, {id, state: 'stored'}, {
    ...fields, fromAddress: parsed?.from?.address ?? null, processedAt: ctx.clock.now().toISOString(),
  }))
  if (affected === 0) {
    const row = await ctx.store.read(m => m.findOneByOrFail(InboundMessageEntity, {id}))
    return {id, outcome: (row.outcome ?? 'duplicate') as InboundOutcome, receiptNo: row.receiptNo}
  }
  return {id, outcome: fields.outcome, receiptNo: null}
}

interface Decision {
  outcome: InboundOutcome
  receiptNo: string | null
  newReceiptNo?: string
  detail?: string
}

type ExtractNewText = (text: string) => {text: string; quoted: string}

/** What decides whether the From of a message from a person can be believed at all (issue 11 point 1). */
interface Trust {
  /** Why the header section can be read two ways (src/mail/inbound/header-trust.ts), or null. */
  ambiguity: string | null
  /** mailauth's verdict, with NSS_REQUIRE_DMARC. */
  dmarc: DmarcVerdict | null
}

/**
 * The header section read the way mailauth reads it, and with NSS_REQUIRE_DMARC mailauth's verdict.
 * Only for mail from a person: machines' mail is never acted on as a person's.
 */
async function judgeTrust(ctx: DeskContext, raw: Buffer, parsed: ParsedMessage, classification: Classification): Promise<Trust> {
  if (classification.kind !== 'human') return {ambiguity: null, dmarc: null}
  const {headerAmbiguity} = await import('../mail/inbound/header-trust')
  const ambiguity = await headerAmbiguity(raw, parsed.from?.address ?? null)
  const dmarc = ctx.config.requireDmarc && ambiguity === null ? await (await import('../mail/inbound/dmarc')).passesDmarc(raw) : null
  return {ambiguity, dmarc}
}

/** Steps 2–7: classify, route, authenticate, read, act, answer. */
async function decide(
  manager: EntityManager, ctx: DeskContext, inboundId: number, parsed: ParsedMessage, classification: Classification, extractNewText: ExtractNewText,
  trust: Trust,
): Promise<Decision> {
  const mailbox = mailboxOf(ctx.config.mailFrom)
  if (classification.kind === 'bounce') return recordBounce(manager, ctx, parsed, classification)
  if (classification.kind !== 'human') return {outcome: classification.kind, receiptNo: null}
  // A From that two readers would read differently is nobody's: never acted on, never answered.
  if (trust.ambiguity) return {outcome: 'unauthenticated', receiptNo: null, detail: `ambiguous header: ${trust.ambiguity}`}

  // Step 3: route — the signed reply address first, then threading, then 【receipt number】.
  const recipients = [
    ...parsed.to.map(a => a.address), ...parsed.cc.map(a => a.address),
    ...['delivered-to', 'x-original-to', 'envelope-to'].flatMap(h => parsed.headers[h] ?? []),
  ]
  const signed = recipients.map(a => matchDeskAddress(mailbox, ctx.secret(), a)).find(m => m?.kind === 'reply')
  let receiptNo: string | null = signed?.kind === 'reply' ? signed.receiptNo : null
  const isTokenValid = signed?.kind === 'reply' && signed.isTokenValid
  if (!receiptNo) receiptNo = await routeByThreading(manager, parsed)
  if (!receiptNo) {
    const {findReceiptNumbers} = await import('../mail/inbound/route-hints')
    receiptNo = findReceiptNumbers(parsed.subject)[0] ?? findReceiptNumbers(extractNewText(parsed.text).text)[0] ?? null
  }
  if (!receiptNo) return {outcome: 'unrouted', receiptNo: null, detail: 'no receipt number found'}
  const row = await manager.findOneBy(ApplicationEntity, {receiptNo})
  if (!row) return {outcome: 'unrouted', receiptNo: null, detail: `no application ${receiptNo}`}
  const app = toApplication(row)
  const office = (await loadOfficeRecord(manager, app.officeCode))!

  // Step 4: authenticate — a registered sender AND a valid token. Strangers get no answer at all.
  // Registered: the contact, the 管理責任者, and the office's authorised senders (issue 13: shared
  // mailboxes, colleagues), who need the signed reply address all the same.
  const sender = parsed.from?.address.toLowerCase() ?? ''
  const registered = [app.contact.email, office.adminEmail].map(a => a.toLowerCase())
  const isAuthorisedSender = !registered.includes(sender) && sender !== ''
    && await manager.existsBy(OfficeSenderEntity, {officeCode: office.code, address: sender})
  if (!registered.includes(sender) && !isAuthorisedSender) {
    return {outcome: 'unauthenticated', receiptNo, detail: `sender ${sender || '(none)'} is not registered for ${receiptNo}`}
  }
  // DMARC first: a From that fails it was not written by the registered address, which must then not
  // be sent an explanation either. A pass counts only for the very From acted on (issue 11 point 1).
  if (trust.dmarc) {
    const {verdictMismatch} = await import('../mail/inbound/dmarc')
    if (!trust.dmarc.pass) return {outcome: 'unauthenticated', receiptNo, detail: `DMARC: ${trust.dmarc.detail}`.slice(0, 1000)}
    const mismatch = verdictMismatch(trust.dmarc, sender)
    if (mismatch) return {outcome: 'unauthenticated', receiptNo, detail: `DMARC: ${mismatch}`.slice(0, 1000)}
  }
  const threading = {inReplyTo: parsed.messageId, references: boundReferences([...parsed.references, ...(parsed.messageId ? [parsed.messageId] : [])])}
  if (!isTokenValid) {
    // Anyone can write this mail with the contact's From (issue 11 point 6): the explanation quotes
    // nothing of it — not its subject, not its text — and does not thread to it (its In-Reply-To and
    // References are the sender's choice too). Its subject is the desk's own, with the receipt number.
    const problems = [UNSIGNED_EXPLANATION[office.locale](receiptNo)]
    await answerWithProblems(manager, ctx, {to: [sender], countFor: sender}, app, office, {subject: '', inReplyTo: null, references: []}, problems, 1)
    return {outcome: 'unsigned', receiptNo, detail: 'registered sender without a valid reply-address token'}
  }

  // Step 5: read the new text and the reply form (also one edited inside one level of quote).
  const {text: newText} = extractNewText(parsed.text)
  const firstLine = newText.split('\n').map(l => l.trim()).find(Boolean) ?? ''
  // What the office wrote besides the form, and its attachments (issue 14), kept whatever the reply does.
  const {judgeAttachments} = await import('./attachments')
  const attachments = judgeAttachments(parsed.attachments, ctx.config, office.locale)
  const message = isWithdrawalKeyword(firstLine) ? textAfterFirstLine(newText) : textBesideForm(newText)
  let formFound = true
  const officeActor: MailActor = {kind: 'office', code: office.code, viaMail: inboundId}
  let action: {kind: 'withdraw'} | {kind: 'amend'; patch: unknown} | null = null
  let problems: string[] = []
  // Who is told of the problems: the sender; both registered addresses when the reply asked for what
  // only an authenticated office may do (issue 11 point 2), so that neither can miss it.
  let answerTo = [sender]
  if (isWithdrawalKeyword(firstLine)) {
    action = {kind: 'withdraw'}
  } else {
    let form = parseReplyForm(newText, {locale: office.locale})
    if (form.status === 'absent') form = parseReplyForm(parsed.text, {locale: office.locale})
    // The query mail's form quoted untouched (操作 blank as sent): no form was used.
    if (form.status === 'invalid' && isFormAsSent(parsed.text, formatReplyForm(app.receiptNo, app, office.locale))) form = {status: 'absent'}
    const emailChange = form.status === 'ok' && form.form.action === 'amend'
      ? contactEmailChangeIssue(form.form, app.contact.email, office.locale)
      : null
    if (form.status === 'absent') formFound = false
    else if (form.status === 'invalid') problems = form.problems.map(p => describeReplyFormIssue(p, office.locale))
    else if (form.form.receiptNo !== receiptNo) problems = [WRONG_FORM[office.locale](form.form.receiptNo, receiptNo)]
    else if (emailChange) {
      problems = [describeReplyFormIssue(emailChange, office.locale)]
      answerTo = [...new Set([sender, ...registered])]
    } else action = form.form.action === 'withdraw' ? {kind: 'withdraw'} : {kind: 'amend', patch: replyFormToAmendPatch(form.form)}
  }

  // No form: a message from the office (issue 14), not a mistake to explain.
  if (!formFound) {
    if (message === '' && attachments.length === 0) return {outcome: 'empty-reply', receiptNo, detail: 'no form, no text, no attachment'}
    await keepOfficeMessage(manager, ctx, inboundId, receiptNo, office, message, attachments)
    return {outcome: 'office-message', receiptNo, detail: message.slice(0, 200) || `${attachments.length} attachment(s)`}
  }

  // Step 6: act through the same use cases as the CLI, inside a savepoint so a refused action leaves
  // nothing behind but its answer.
  if (action) {
    const now = ctx.clock.now()
    await manager.query('SAVEPOINT inbound_action')
    try {
      const result = action.kind === 'withdraw'
        ? await withdrawInTransaction(manager, ctx, officeActor, receiptNo, now, threading)
        : await amendInTransaction(manager, ctx, officeActor, receiptNo, action.patch, now, threading)
      await manager.query('RELEASE SAVEPOINT inbound_action')
      // Text above the form and attachments: on the new application of an amendment, on the withdrawn one.
      const actedOn = action.kind === 'withdraw' ? receiptNo : result.receiptNo
      if (message !== '' || attachments.length > 0) await keepOfficeMessage(manager, ctx, inboundId, actedOn, office, message, attachments)
      return action.kind === 'withdraw'
        ? {outcome: 'withdrawn', receiptNo}
        : {outcome: 'amended', receiptNo, newReceiptNo: result.receiptNo, detail: `amended as ${result.receiptNo}`}
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT inbound_action')
      await manager.query('RELEASE SAVEPOINT inbound_action')
      if (!(error instanceof DeskError)) throw error
      const said = error.in(office.locale)
      problems = error instanceof InvalidInputError && said.issues.length > 0
        ? said.issues.map(i => i.path ? `${i.path}: ${i.message}` : i.message)
        // The state machine's refusal is worded for operators (English); the office reads its own language.
        : error instanceof ConflictError ? [WRONG_STATE[office.locale](receiptNo, app.status, action.kind)]
        : [said.message]
    }
  }
  // Step 7: an authentic reply that could not be acted on: tell the registered address every problem.
  // What it said besides the form and its attachments are kept all the same.
  if (message !== '' || attachments.length > 0) await keepOfficeMessage(manager, ctx, inboundId, receiptNo, office, message, attachments)
  await answerWithProblems(manager, ctx, {to: answerTo, countFor: sender}, app, office, {subject: parsed.subject, ...threading}, problems)
  return {outcome: 'reply-error', receiptNo, detail: problems.join(' / ').slice(0, 2000)}
}

/**
 * A message from the office (issue 14): its text and a line per attachment (kept, or refused and why)
 * as a 進行状況 entry 事業所からの連絡 — which changes no status —, the kept attachments stored under the
 * application, and the staff notified, all in the reply's transaction.
 */
async function keepOfficeMessage(
  manager: EntityManager, ctx: DeskContext, inboundId: number, receiptNo: string, office: OfficeRecord, message: string,
  attachments: import('./attachments').AttachmentVerdict[],
): Promise<void> {
  const {attachmentNotes, storeAttachments} = await import('./attachments')
  const now = ctx.clock.now()
  const notice = [message, ...attachmentNotes(attachments, office.locale)].filter(Boolean).join('\n\n').slice(0, 20000)
  const byMail: MailActor = {kind: 'office', code: office.code, viaMail: inboundId}
  await writeLog(manager, receiptNo, 'office_message', now, byMail, notice)
  await storeAttachments(manager, receiptNo, inboundId, attachments, now)
  const row = await manager.findOneByOrFail(ApplicationEntity, {receiptNo})
  await notifyStaff(manager, ctx, 'office-message', {receiptNo, officeCode: row.officeCode, owner: row.owner ?? null}, now, notice.slice(0, 2000))
}

/**
 * The new text of a reply without its reply form (the lines from its begin marker to its end marker),
 * trimmed: what the office wrote above or below the form. Text inside the form is the form's.
 */
export function textBesideForm(newText: string): string {
  const kept: string[] = []
  let inForm = false
  for (const line of newText.split('\n')) {
    const marker = replyFormMarkerOf(line)
    if (marker === 'begin') inForm = true
    else if (marker === 'end' && inForm) inForm = false
    else if (!inForm) kept.push(line)
  }
  return withoutSignature(kept.join('\n'))
}

/**
 * A text without its signature — the `-- ` line (RFC 3676 §4.3) and all after it — and without quoted
 * lines (`>`, `＞`), with runs of blank lines made one, trimmed. The quote stripping leaves a signature
 * standing when text follows it (the reply form below a signature), and takes a bare quote for the
 * reply when nothing was written above it; an office's message is only what it wrote.
 */
function withoutSignature(text: string): string {
  const lines = text.split('\n').filter(line => !/^[ \t\u3000]*[>＞]/.test(line))
  const signature = lines.findIndex(line => /^--\s?$/.test(line.replace(/\r$/, '')))
  return (signature === -1 ? lines : lines.slice(0, signature)).join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

/** The text after the first non-blank line (the withdrawal keyword), trimmed. */
function textAfterFirstLine(newText: string): string {
  const lines = newText.split('\n')
  const first = lines.findIndex(l => l.trim() !== '')
  return withoutSignature(lines.slice(first + 1).join('\n'))
}

/**
 * In-Reply-To / References against the Message-IDs the desk sent. The parser bounded the list (at
 * most 12 ids, src/mail/message-ids.ts); bounded again here, so that no header can make this one
 * query of thousands of variables.
 */
async function routeByThreading(manager: EntityManager, parsed: ParsedMessage): Promise<string | null> {
  const ids = boundReferences([parsed.inReplyTo, ...parsed.references].filter((id): id is string => Boolean(id)))
  if (ids.length === 0) return null
  const sent = await manager.createQueryBuilder(OutboxMailEntity, 'o')
    .where('o.messageId IN (:...ids)', {ids}).andWhere('o.receiptNo IS NOT NULL').orderBy('o.id', 'DESC').getOne()
  return sent?.receiptNo ?? null
}

/**
 * A bounce or DSN marks the outbox row whose signed VERP address it came back to. Quoting a row's
 * Message-ID proves nothing — anyone who received the mail knows it — so such a bounce is recorded
 * against that row's application and changes nothing. Real bounces go to the envelope sender
 * (RFC 5321 §4.5.5, RFC 3464 §2), which is the row's VERP address.
 */
async function recordBounce(manager: EntityManager, ctx: DeskContext, parsed: ParsedMessage, classification: Classification): Promise<Decision> {
  const mailbox = mailboxOf(ctx.config.mailFrom)
  const bounce = classification.bounce ?? {}
  const recipients = [
    ...parsed.to.map(a => a.address), ...['delivered-to', 'x-original-to', 'envelope-to', 'return-path'].flatMap(h => parsed.headers[h] ?? []),
    ...(bounce.verpLocalPart ? [`${bounce.verpLocalPart}@${mailbox.domain}`] : []),
  ]
  const verp = recipients.map(a => matchDeskAddress(mailbox, ctx.secret(), a)).find(m => m?.kind === 'bounce')
  const outbox = verp?.kind === 'bounce' ? await manager.findOneBy(OutboxMailEntity, {id: verp.rowId}) : null
  if (!outbox) {
    const quoted = bounce.originalMessageId ? await manager.findOneBy(OutboxMailEntity, {messageId: bounce.originalMessageId}) : null
    if (!quoted) return {outcome: 'bounce-unmatched', receiptNo: null, detail: classification.reason}
    return {outcome: 'bounce-unverified', receiptNo: quoted.receiptNo, detail: `quotes the Message-ID of outbox ${quoted.id} but did not come to its signed bounce address: not marked`}
  }
  if (bounce.action === 'delayed') return {outcome: 'bounce-recorded', receiptNo: outbox.receiptNo, detail: 'delayed, not failed'}
  const answer = [bounce.status, bounce.recipient].filter(Boolean).join(' ') || classification.reason
  await manager.update(OutboxMailEntity, {id: outbox.id}, {status: 'bounced', lastError: `bounced: ${answer}`.slice(0, 1000)})
  // Once: a second bounce of a row already bounced tells the staff nothing new.
  if (outbox.status !== 'bounced') await notifyStaffOfUndelivered(manager, ctx, 'mail-bounced', outbox, `bounced: ${answer}`, ctx.clock.now())
  return {outcome: 'bounce-recorded', receiptNo: outbox.receiptNo, detail: `outbox ${outbox.id}: ${answer}`}
}

/**
 * The reply-error mail to registered addresses, at most `replyErrorLimitPerDay` per sender per day in
 * Japan (SPEC §11 step 7), so a loop or a flood cannot make the desk a mail cannon. The explanation to
 * a registered sender without a token goes out once a day at most (`limit` 1). `quoting` is what the
 * mail repeats of the message answered: its subject and threading ('' and none for the explanation).
 */
async function answerWithProblems(
  manager: EntityManager, ctx: DeskContext, recipients: {to: string[]; countFor: string}, app: Application, office: OfficeRecord,
  quoting: {subject: string; inReplyTo: string | null; references: string[]}, problems: string[],
  limit = ctx.config.replyErrorLimitPerDay,
): Promise<void> {
  const to = recipients.countFor
  const now = ctx.clock.now()
  const dayStart = new Date(`${tokyoDateOf(now)}T00:00:00+09:00`).toISOString()
  // recipients is a JSON array: match the address with its quotes, so that taro@… is not counted for
  // mtaro@…, and with LIKE's own wildcards (`_` is common in addresses) escaped.
  const quoted = JSON.stringify(to).replace(/[\\%_]/g, c => `\\${c}`)
  const sentToday = await manager.createQueryBuilder(OutboxMailEntity, 'o')
    .where('o.kind = :kind', {kind: 'reply-error'}).andWhere('o.createdAt >= :dayStart', {dayStart})
    .andWhere(`o.recipients LIKE :to ESCAPE '\\'`, {to: `%${quoted}%`}).getCount()
  if (sentToday >= limit) return
  const data: ReplyErrorMailData = {
    receiptNo: app.receiptNo,
    subject: quoting.subject,
    receivedAt: now.toISOString(),
    problems,
    application: app.status === 'query' ? mailDataOf(app, office) : null,
    inReplyTo: quoting.inReplyTo,
    references: quoting.references,
  }
  await enqueueMail(manager, ctx.config, {
    kind: 'reply-error', receiptNo: app.receiptNo, locale: office.locale, recipients: recipients.to, data: data as unknown as Record<string, unknown>,
  }, now)
}

const UNSIGNED_EXPLANATION: Record<Locale, (receiptNo: string) => string> = {
  ja: n => `このメールは受付番号 ${n} の確認依頼メールへの返信として確認できませんでした。修正・取り下げをメールで行う場合は、確認依頼メールに「返信」し、宛先（Reply-To）を変えずに送信してください。`,
  en: n => `This mail could not be recognised as a reply to the query mail for receipt number ${n}. To amend or withdraw by mail, use "Reply" on the query mail and keep its address (Reply-To) unchanged.`,
}

const WRONG_FORM: Record<Locale, (formNo: string, routedNo: string) => string> = {
  ja: (formNo, routedNo) => `返信フォームの受付番号 ${formNo} が、このメールの受付番号 ${routedNo} と一致しません。`,
  en: (formNo, routedNo) => `The reply form names receipt number ${formNo}, but this mail is about ${routedNo}.`,
}

const WRONG_STATE: Record<Locale, (receiptNo: string, status: ApplicationStatus, action: 'amend' | 'withdraw') => string> = {
  ja: (n, status, action) => status === 'query'
    ? `受付番号 ${n} の申込は、同時に別の手続きで変更されました。申込内容を確認してから、もう一度お手続きください。`
    : `受付番号 ${n} の申込は「${STATUS_LABELS.ja[status]}」のため、${action === 'amend' ? '修正' : '取り下げ'}はできません。`,
  en: (n, status, action) => status === 'query'
    ? `Application ${n} was changed by another action meanwhile. Check it and try again.`
    : `Application ${n} is ${STATUS_LABELS.en[status]}: it can no longer be ${action === 'amend' ? 'amended' : 'withdrawn'}.`,
}
