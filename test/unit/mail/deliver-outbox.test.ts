import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {DeskContext, openContext} from '../../../src/app/context'
import {CLAIM_LEASE_MS, deliverOutbox, retryDelayMs} from '../../../src/app/deliver-outbox.use-case'
import {enqueueMail} from '../../../src/app/outbox'
import {ensureSecretKey} from '../../../src/app/secret-key'
import type {ComposedMessage} from '../../../src/mail/outbound/message'
import {sampleApplicationData} from '../../../src/mail/outbound/samples'
import {DeliveryError, MailTransport, SendOutcome} from '../../../src/mail/outbound/transports/transport'
import {OutboxMailEntity} from '../../../src/store/entities'
import {testConfig} from '../../support/store'

const T0 = new Date('2026-11-19T01:00:00.000Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

type Step = 'accept' | DeliveryError | {refuse: string}

/** A transport that follows a script: accept, throw, or refuse one recipient; records what it accepted. */
class ScriptedTransport implements MailTransport {
  readonly description = 'scripted'
  readonly accepted: ComposedMessage[] = []
  readonly tried: ComposedMessage[] = []
  constructor(private readonly script: Step[] = []) {}

  async send(message: ComposedMessage): Promise<SendOutcome> {
    this.tried.push(message)
    const step = this.script.shift() ?? 'accept'
    if (step instanceof DeliveryError) throw step
    this.accepted.push(message)
    if (step === 'accept') return {accepted: message.envelope.to, rejected: [], response: '250 2.0.0 Ok'}
    return {
      accepted: message.envelope.to.filter(to => to !== step.refuse),
      rejected: [{recipient: step.refuse, response: '550 5.1.1 user unknown'}],
      response: '250 2.0.0 Ok',
    }
  }

  async close(): Promise<void> {}
}

const transient = () => new DeliveryError('421 try later', false, false, '421 4.3.0 try later')
const unreachable = () => new DeliveryError('connect ECONNREFUSED', false, true, null)
const refused = () => new DeliveryError('550', true, false, '550 5.1.1 <taro@example.jp>: Recipient address rejected')

describe('outbox delivery (SPEC §10)', () => {
  let ctx: DeskContext
  let now: Date

  beforeEach(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-deliver-'))
    ensureSecretKey(home)
    now = T0
    ctx = await openContext({config: testConfig({NSS_HOME: home, NSS_MAIL_MAX_ATTEMPTS: '4'}), clock: {now: () => now}, migrate: true})
  })
  afterEach(async () => ctx.store.close())

  async function enqueue(count = 1, data: Record<string, unknown> = sampleApplicationData() as never): Promise<OutboxMailEntity[]> {
    return ctx.store.write(async manager => {
      const rows = []
      for (let i = 0; i < count; i++) {
        rows.push(await enqueueMail(manager, ctx.config, {
          kind: 'receipt', receiptNo: '2101910C', locale: 'ja', recipients: ['taro@example.jp', 'admin@example.jp'], data,
        }, now))
      }
      return rows
    })
  }

  const rowOf = (id: number) => ctx.store.read(m => m.findOneByOrFail(OutboxMailEntity, {id}))

  it('sends each due mail once and marks it sent; the next run finds nothing to send', async () => {
    const [row] = await enqueue()
    const transport = new ScriptedTransport()
    const report = await deliverOutbox(ctx, {}, {transport})
    expect(report).to.deep.include({transport: 'scripted', sent: 1, pending: 0, failed: 0, stoppedBy: null})
    expect(transport.accepted.map(m => m.messageId)).to.deep.equal([row.messageId])
    expect(await rowOf(row.id)).to.deep.include({status: 'sent', attempts: 1, lastError: null, sentAt: T0.toISOString()})

    expect(await deliverOutbox(ctx, {}, {transport})).to.deep.include({transport: null, sent: 0})
    expect(transport.tried).to.have.length(1)
  })

  it('waits 1 min × 2^(attempts − 1) between attempts, capped at 4 hours', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).to.deep.equal([1, 2, 4, 8, 16].map(n => n * 60_000))
    expect(retryDelayMs(9)).to.equal(4 * 60 * 60_000)
    expect(retryDelayMs(40)).to.equal(4 * 60 * 60_000)
  })

  it('keeps a mail the server did not take pending, retries it only when its time has come, then sends it', async () => {
    const [row] = await enqueue()
    const transport = new ScriptedTransport([transient(), transient()])
    expect(await deliverOutbox(ctx, {}, {transport})).to.deep.include({pending: 1})
    expect(await rowOf(row.id)).to.deep.include({status: 'pending', attempts: 1, nextAttemptAt: minutes(1).toISOString(), lastError: '421 4.3.0 try later'})

    now = new Date(minutes(1).getTime() - 1)
    expect((await deliverOutbox(ctx, {}, {transport})).mails).to.deep.equal([])
    now = minutes(1)
    await deliverOutbox(ctx, {}, {transport})
    expect(await rowOf(row.id)).to.deep.include({status: 'pending', attempts: 2, nextAttemptAt: minutes(3).toISOString()})
    now = minutes(3)
    expect(await deliverOutbox(ctx, {}, {transport})).to.deep.include({sent: 1})
    expect(await rowOf(row.id)).to.deep.include({status: 'sent', attempts: 3, lastError: null})
    expect(new Set(transport.tried.map(m => m.raw.toString('base64'))).size, 'every attempt sends the same bytes').to.equal(1)
  })

  it('marks a mail failed with the server answer on a permanent refusal (5xx) and never tries it again', async () => {
    const [row] = await enqueue()
    const transport = new ScriptedTransport([refused()])
    expect(await deliverOutbox(ctx, {}, {transport})).to.deep.include({failed: 1})
    expect(await rowOf(row.id)).to.deep.include({status: 'failed', attempts: 1, lastError: '550 5.1.1 <taro@example.jp>: Recipient address rejected'})
    now = minutes(600)
    await deliverOutbox(ctx, {}, {transport})
    expect(transport.tried).to.have.length(1)
  })

  it('gives up after NSS_MAIL_MAX_ATTEMPTS, keeping the last answer', async () => {
    const [row] = await enqueue()
    const transport = new ScriptedTransport([transient(), transient(), transient(), transient(), transient()])
    for (const at of [0, 1, 3, 7]) {
      now = minutes(at)
      await deliverOutbox(ctx, {}, {transport})
    }
    expect(await rowOf(row.id)).to.deep.include({status: 'failed', attempts: 4, lastError: 'gave up after 4 attempts: 421 4.3.0 try later'})
  })

  it('stops the run when the server cannot be reached and leaves the other mails untouched', async () => {
    const rows = await enqueue(3)
    const transport = new ScriptedTransport([unreachable()])
    const report = await deliverOutbox(ctx, {}, {transport})
    expect(report.stoppedBy).to.equal('connect ECONNREFUSED')
    expect(transport.tried).to.have.length(1)
    expect(await rowOf(rows[0].id)).to.deep.include({status: 'pending', attempts: 1})
    for (const row of rows.slice(1)) expect(await rowOf(row.id)).to.deep.include({status: 'pending', attempts: 0})
  })

  it('resends a mail whose sender died while sending, with the same Message-ID and bytes, once its claim expired', async () => {
    const [row] = await enqueue()
    const first = new ScriptedTransport()
    await deliverOutbox(ctx, {}, {transport: first})
    // The state a process leaves when it is killed after the server accepted and before it marked the row.
    await ctx.store.write(m => m.update(OutboxMailEntity, {id: row.id}, {
      status: 'sending', attempts: 1, sentAt: null, nextAttemptAt: new Date(T0.getTime() + CLAIM_LEASE_MS).toISOString(),
    }))
    const second = new ScriptedTransport()
    now = minutes(5)
    expect((await deliverOutbox(ctx, {}, {transport: second})).mails, 'the claim still holds').to.deep.equal([])
    now = new Date(T0.getTime() + CLAIM_LEASE_MS)
    expect(await deliverOutbox(ctx, {}, {transport: second})).to.deep.include({sent: 1})
    expect(second.accepted[0].messageId).to.equal(row.messageId)
    expect(second.accepted[0].raw.equals(first.accepted[0].raw)).to.equal(true)
    expect(await rowOf(row.id)).to.deep.include({status: 'sent', attempts: 2})
  })

  it('sends each mail exactly once when two runs work the outbox at the same time', async () => {
    const rows = await enqueue(6)
    const [a, b] = [new ScriptedTransport(), new ScriptedTransport()]
    await Promise.all([deliverOutbox(ctx, {}, {transport: a}), deliverOutbox(ctx, {}, {transport: b})])
    const sent = [...a.accepted, ...b.accepted].map(m => m.messageId)
    expect(sent).to.have.members(rows.map(r => r.messageId))
    expect(sent).to.have.length(6)
  })

  it('fails a mail that cannot be rendered, saying why, and goes on with the others', async () => {
    const broken = {...sampleApplicationData()} as Record<string, unknown>
    delete broken.entries
    const [bad] = await enqueue(1, broken)
    const [good] = await enqueue()
    const transport = new ScriptedTransport()
    expect(await deliverOutbox(ctx, {}, {transport})).to.deep.include({sent: 1, failed: 1})
    expect(await rowOf(bad.id)).to.deep.include({status: 'failed', lastError: 'cannot render the mail: mail data lacks entries'})
    expect(transport.accepted.map(m => m.messageId)).to.deep.equal([good.messageId])
  })

  it('records the recipients a server refused while it accepted the others', async () => {
    const [row] = await enqueue()
    await deliverOutbox(ctx, {}, {transport: new ScriptedTransport([{refuse: 'taro@example.jp'}])})
    expect(await rowOf(row.id)).to.deep.include({
      status: 'sent', lastError: 'accepted for admin@example.jp; refused for taro@example.jp: 550 5.1.1 user unknown',
    })
  })

  it('after a command, tries only the mails that command wrote (never tried before)', async () => {
    const [old] = await enqueue()
    await deliverOutbox(ctx, {}, {transport: new ScriptedTransport([transient()])})
    now = minutes(2)
    const [fresh] = await enqueue()
    const transport = new ScriptedTransport()
    await deliverOutbox(ctx, {receiptNo: '2101910C', onlyNew: true}, {transport})
    expect(transport.accepted.map(m => m.messageId)).to.deep.equal([fresh.messageId])
    expect(await rowOf(old.id)).to.deep.include({status: 'pending', attempts: 1})
  })
})
