/**
 * The IMAP source when its server goes away (SPEC §12: reconnect with backoff): Dovecot of the private
 * mail stack is stopped and started again between two polls, during a wait (IDLE), and in the middle
 * of a poll. The source recovers by itself on the next cycle; while the server is down it fails with
 * an error that names the server without the password.
 */
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import type {InboundItem} from '../../src/mail/inbound/source'
import {ImapSource, ImapSourceError} from '../../src/mail/inbound/imap'
import {MailStack} from '../support/mailstack'

function messageOf(subject: string): Buffer {
  return Buffer.from([
    'From: taro@example.jp', 'To: nss@nss-desk.localhost', `Subject: ${subject}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@example.jp>`, '', 'body', '',
  ].join('\r\n'))
}

async function listAll(source: ImapSource): Promise<InboundItem[]> {
  const items: InboundItem[] = []
  for await (const item of source.list()) items.push(item)
  return items
}

describe('ImapSource across Dovecot restarts (SPEC §12 reconnect with backoff)', function () {
  this.timeout(180_000)
  let stack: MailStack
  let source: ImapSource | null = null
  let lines: string[] = []
  const record = (msg: string, fields?: object) => lines.push(`${msg} ${JSON.stringify(fields ?? {})}`)
  const logger = {debug: record, info: record, warn: record}

  before(async () => {
    stack = await MailStack.start()
  })
  afterEach(async () => {
    await source?.close()
    source = null
    lines = []
    // Every test leaves Dovecot running for the next one.
    await stack.startDovecot()
  })
  after(async () => {
    await stack?.stop()
  })

  async function openWithMail(count: number): Promise<{mailbox: string; source: ImapSource}> {
    const mailbox = `r-${randomBytes(4).toString('hex')}`
    await stack.withClient('nss', async client => {
      await client.mailboxCreate(mailbox)
      for (let i = 0; i < count; i++) await client.append(mailbox, messageOf(`message ${i}`))
    })
    source = await ImapSource.open(stack.imapUrl('nss', mailbox), {tls: {ca: stack.ca}, logger, initialBackoffMs: 200})
    return {mailbox, source}
  }

  it('after Dovecot restarts between two polls, the next list() reconnects by itself and finds the same references', async () => {
    const {source} = await openWithMail(2)
    const before = (await listAll(source)).map(item => item.ref)
    expect(before).to.have.length(2)

    await stack.stopDovecot()
    await stack.startDovecot()

    const after = (await listAll(source)).map(item => item.ref)
    expect(after, 'UIDVALIDITY and UIDs survive the restart').to.deep.equal(before)
    expect(lines.join('\n')).to.include('IMAP reconnected')
    await source.markDone(after[0])
    expect((await listAll(source)).map(item => item.ref)).to.deep.equal(before.slice(1))
  })

  it('while Dovecot is down, list() fails naming the server without its password; once it is back, the next list() works', async () => {
    const {source} = await openWithMail(1)
    await listAll(source)
    await stack.stopDovecot()

    const failure = await listAll(source).then(() => null, (error: unknown) => error)
    expect(failure).to.be.instanceOf(ImapSourceError)
    expect((failure as ImapSourceError).reason).to.equal('unavailable')
    expect((failure as Error).message).to.include(`127.0.0.1:${stack.imapPort}`)
    const everything = `${(failure as Error).message}\n${(failure as Error).stack}\n${lines.join('\n')}`
    expect(everything).not.to.include(stack.password('nss'))
    expect(lines.filter(line => line.startsWith('IMAP connection failed; retrying')), 'retried with backoff before failing').to.have.length(2)

    await stack.startDovecot()
    expect(await listAll(source)).to.have.length(1)
  })

  it('a wait (IDLE) ends early when Dovecot goes away, and the next list() works once it is back', async () => {
    const {source} = await openWithMail(1)
    await listAll(source)
    const timeoutMs = 120_000
    const started = Date.now()
    const waiting = source.waitForNew(timeoutMs, new AbortController().signal)
    await new Promise(resolve => setTimeout(resolve, 500))
    await stack.stopDovecot()
    await waiting
    expect(Date.now() - started, 'resolved by the lost connection, before the timeout').to.be.below(timeoutMs / 10)

    await stack.startDovecot()
    expect(await listAll(source)).to.have.length(1)
    // And the wait after that works again: a new message wakes it.
    const waitingAgain = source.waitForNew(timeoutMs, new AbortController().signal)
    const restarted = Date.now()
    await stack.withClient('nss', client => client.append((source as unknown as {endpoint: {mailbox: string}}).endpoint.mailbox, messageOf('after the restart')))
    await waitingAgain
    expect(Date.now() - restarted).to.be.below(timeoutMs / 10)
    expect(await listAll(source)).to.have.length(2)
  })

  it('Dovecot restarted in the middle of a poll: reading and marking the listed messages reconnect and go on', async () => {
    const {source} = await openWithMail(3)
    const seen: string[] = []
    let isRestarted = false
    for await (const item of source.list()) {
      if (!isRestarted) {
        await stack.stopDovecot()
        await stack.startDovecot()
        isRestarted = true
      }
      expect((await item.read()).toString()).to.include('Subject: message')
      await source.markDone(item.ref)
      seen.push(item.ref)
    }
    expect(seen).to.have.length(3)
    expect(lines.join('\n')).to.include('IMAP reconnected')
    expect(await listAll(source)).to.deep.equal([])
  })
})
