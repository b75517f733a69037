/**
 * The IMAP source (src/mail/inbound/imap.ts) against a real Dovecot of the private mail stack
 * (test/mailstack/mailstack.sh): UIDVALIDITY-qualified references, the done keyword, the done mailbox,
 * IDLE, TLS, the mailbox lock, and a password that never shows. Each test works in a mailbox of its
 * own, except the ones about mail that arrives through Postfix → LMTP, which lands in INBOX.
 */
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import * as nodemailer from 'nodemailer'
import {openContext} from '../../src/app/context'
import {MailSourceKeeper, runCycle} from '../../src/app/daemon.use-case'
import {listInbound} from '../../src/app/inbound-admin.use-case'
import {createJsonLogger} from '../../src/app/log'
import {InboundItem, MailSource, SourceItemError} from '../../src/mail/inbound/source'
import {FAILED_KEYWORD, ImapSource, ImapSourceError, ImapSourceOptions, parseImapUrl, parseRef} from '../../src/mail/inbound/imap'
import {seededDesk} from '../support/cli'
import {applicationsUnderQuery} from '../support/in-process'
import {MailStack} from '../support/mailstack'
import {buildReply, editForm, formOf, readQueryMail} from '../support/replies'
import {testConfig} from '../support/store'

/** A small RFC 5322 message (CRLF) with a unique Message-ID. */
function messageOf(subject: string, body = 'test body'): {raw: Buffer; messageId: string} {
  const messageId = `<${randomBytes(8).toString('hex')}@example.jp>`
  const raw = [
    'From: Taro <taro@example.jp>', 'To: nss@nss-desk.localhost', `Subject: ${subject}`,
    `Message-ID: ${messageId}`, 'Date: Thu, 26 Nov 2026 10:00:00 +0900', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n')
  return {raw: Buffer.from(raw), messageId}
}

/** Rejects if `promise` takes longer than `ms`: a lock never released would hang the source forever. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms) }),
  ])
}

async function listAll(source: ImapSource): Promise<InboundItem[]> {
  const items: InboundItem[] = []
  for await (const item of source.list()) items.push(item)
  return items
}

describe('ImapSource against Dovecot (RFC 3501, RFC 2177, RFC 4315)', function () {
  this.timeout(180_000)
  let stack: MailStack
  const opened: ImapSource[] = []

  before(async () => {
    stack = await MailStack.start()
  })
  afterEach(async () => {
    for (const source of opened.splice(0)) await source.close()
  })
  after(async () => {
    await stack?.stop()
  })

  /** A fresh mailbox of the desk user `nss`. */
  async function createMailbox(): Promise<string> {
    const name = `t-${randomBytes(4).toString('hex')}`
    await stack.withClient('nss', client => client.mailboxCreate(name))
    return name
  }

  /** IMAP APPEND (RFC 3501 §6.3.11); the UID from APPENDUID (RFC 4315). */
  async function append(mailbox: string, raw: Buffer): Promise<number> {
    const appended = await stack.withClient('nss', client => client.append(mailbox, raw))
    if (!appended || appended.uid === undefined) throw new Error('APPEND gave no APPENDUID')
    return appended.uid
  }

  async function uidValidityOf(mailbox: string): Promise<bigint> {
    const status = await stack.withClient('nss', client => client.status(mailbox, {uidValidity: true}))
    if (!status || status.uidValidity === undefined) throw new Error('no UIDVALIDITY')
    return status.uidValidity
  }

  async function flagsOf(mailbox: string, uid: number): Promise<Set<string>> {
    return stack.withClient('nss', async client => {
      const lock = await client.getMailboxLock(mailbox)
      try {
        const message = await client.fetchOne(String(uid), {uid: true, flags: true}, {uid: true})
        return message && message.flags ? message.flags : new Set<string>()
      } finally {
        lock.release()
      }
    })
  }

  async function open(mailbox: string, options: ImapSourceOptions = {}): Promise<ImapSource> {
    const source = await ImapSource.open(stack.imapUrl('nss', mailbox), {tls: {ca: stack.ca}, ...options})
    opened.push(source)
    return source
  }

  async function sendThroughPostfix(to: string, raw: Buffer): Promise<void> {
    const transport = nodemailer.createTransport({host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true})
    try {
      await transport.sendMail({envelope: {from: 'taro@example.jp', to: [to]}, raw})
    } finally {
      transport.close()
    }
  }

  it('lists the messages not yet done, oldest UID first, as mailbox:uidvalidity:uid with their RFC822.SIZE, and reads them without setting \\Seen', async () => {
    const mailbox = await createMailbox()
    const sent = [messageOf('first'), messageOf('second', 'x'.repeat(5000)), messageOf('third')]
    const uids: number[] = []
    for (const message of sent) uids.push(await append(mailbox, message.raw))
    const uidValidity = await uidValidityOf(mailbox)
    const source = await open(mailbox)

    const items = await listAll(source)
    expect(items.map(item => item.ref)).to.deep.equal(uids.map(uid => `${mailbox}:${uidValidity}:${uid}`))
    expect(items.map(item => item.size)).to.deep.equal(sent.map(message => message.raw.length))
    for (const [i, item] of items.entries()) expect((await item.read()).equals(sent[i].raw)).to.equal(true)
    expect((await flagsOf(mailbox, uids[0])).has('\\Seen')).to.equal(false)
  })

  it('markDone sets the $NssDone keyword, and a done message is listed no more', async () => {
    const mailbox = await createMailbox()
    const uids = [await append(mailbox, messageOf('one').raw), await append(mailbox, messageOf('two').raw)]
    const source = await open(mailbox)
    const [first] = await listAll(source)

    await source.markDone(first.ref)
    expect((await flagsOf(mailbox, uids[0])).has('$NssDone')).to.equal(true)
    expect((await flagsOf(mailbox, uids[1])).has('$NssDone')).to.equal(false)
    expect((await listAll(source)).map(item => parseRef(item.ref)?.uid)).to.deep.equal([uids[1]])
    // Idempotent: marking again changes nothing and does not fail.
    await source.markDone(first.ref)
  })

  it('fetch finds a message by reference whether done or not, and gives null for a UID or mailbox that is gone or a UIDVALIDITY that is not the mailbox\'s', async () => {
    const mailbox = await createMailbox()
    const message = messageOf('for reprocessing')
    const uid = await append(mailbox, message.raw)
    const uidValidity = await uidValidityOf(mailbox)
    const source = await open(mailbox)
    const ref = `${mailbox}:${uidValidity}:${uid}`
    await source.markDone(ref)

    const found = await source.fetch(ref)
    expect(found?.ref).to.equal(ref)
    expect(found?.size).to.equal(message.raw.length)
    expect((await found!.read()).equals(message.raw)).to.equal(true)
    expect(await source.fetch(`${mailbox}:${uidValidity}:${uid + 100}`)).to.equal(null)
    expect(await source.fetch(`${mailbox}:${uidValidity + 1n}:${uid}`)).to.equal(null)
    expect(await source.fetch('not a reference')).to.equal(null)
    expect(await source.fetch(`no-such-mailbox:${uidValidity}:${uid}`)).to.equal(null)
  })

  it('lists both a message appended over IMAP and one delivered through Postfix and LMTP to nss+detail@', async () => {
    const source = await open('INBOX')
    for (const item of await listAll(source)) await source.markDone(item.ref)
    const appended = messageOf('appended over IMAP')
    await append('INBOX', appended.raw)
    const delivered = messageOf('delivered over SMTP')
    await sendThroughPostfix('nss+2600001C.token@nss-desk.localhost', delivered.raw)
    await stack.waitForMessage('nss', raw => raw.includes(delivered.messageId))

    const items = await listAll(source)
    const texts = await Promise.all(items.map(async item => (await item.read()).toString('utf8')))
    expect(texts.some(text => text.includes(appended.messageId))).to.equal(true)
    const viaSmtp = texts.find(text => text.includes(delivered.messageId))
    expect(viaSmtp, 'the SMTP message is listed').to.be.a('string')
    // Dovecot's LMTP records the envelope recipient, +detail and all.
    expect(viaSmtp).to.match(/^Delivered-To: nss\+2600001C\.token@nss-desk\.localhost$/m)
    for (const item of items) await source.markDone(item.ref)
  })

  it('after the mailbox is recreated (a new UIDVALIDITY), markDone of an old reference marks nothing and read() of it refuses', async () => {
    const mailbox = await createMailbox()
    await append(mailbox, messageOf('before').raw)
    const source = await open(mailbox)
    const [old] = await listAll(source)

    await stack.withClient('nss', async client => {
      await client.mailboxDelete(mailbox)
      await client.mailboxCreate(mailbox)
    })
    const newUid = await append(mailbox, messageOf('after').raw)
    expect(parseRef(old.ref)?.uid, 'the new message has the old UID').to.equal(newUid)

    await source.markDone(old.ref)
    expect((await flagsOf(mailbox, newUid)).has('$NssDone'), 'the new message with the same UID is untouched').to.equal(false)
    const failure = await old.read().then(() => null, (error: unknown) => error)
    expect(failure).to.be.instanceOf(ImapSourceError)
    expect((failure as ImapSourceError).reason).to.equal('uidvalidity-changed')
    const [fresh] = await listAll(source)
    expect(fresh.ref).to.equal(`${mailbox}:${await uidValidityOf(mailbox)}:${newUid}`)
    expect(fresh.ref).not.to.equal(old.ref)
  })

  it('releases the mailbox lock when read() throws: list and markDone still work afterwards', async () => {
    const mailbox = await createMailbox()
    await append(mailbox, messageOf('to be expunged').raw)
    await append(mailbox, messageOf('to stay').raw)
    const source = await open(mailbox)
    const [gone, staying] = await listAll(source)
    await stack.withClient('nss', async client => {
      const lock = await client.getMailboxLock(mailbox)
      try {
        await client.messageDelete(String(parseRef(gone.ref)!.uid), {uid: true})
      } finally {
        lock.release()
      }
    })

    for (let i = 0; i < 3; i++) {
      const failure = await within(20_000, gone.read().then(() => null, (error: unknown) => error), 'read')
      // The message's own problem (issue 11 point 3), never the source's: the desk sets it aside and goes on.
      expect(failure).to.be.instanceOf(SourceItemError)
      expect((failure as SourceItemError).problem).to.equal('vanished')
    }
    // A lock left held would queue these forever (imapflow locks are not re-entrant).
    expect((await within(20_000, listAll(source), 'list after failed reads')).map(item => item.ref)).to.deep.equal([staying.ref])
    await within(20_000, source.markDone(staying.ref), 'markDone after failed reads')
    expect(await within(20_000, listAll(source), 'list after markDone')).to.deep.equal([])
  })

  it('moves done messages to the done mailbox when one is configured (created if missing), keyword and all', async () => {
    const mailbox = await createMailbox()
    const doneMailbox = `${mailbox}-done`
    const message = messageOf('to be moved')
    await append(mailbox, message.raw)
    const logs: string[] = []
    const logger = {debug: () => undefined, info: (msg: string, fields?: object) => logs.push(`${msg} ${JSON.stringify(fields)}`), warn: () => undefined}
    const source = await open(mailbox, {doneMailbox, logger})
    const [item] = await listAll(source)

    await source.markDone(item.ref)
    expect(await listAll(source)).to.deep.equal([])
    const moved = await stack.withClient('nss', async client => {
      const lock = await client.getMailboxLock(doneMailbox)
      try {
        return await client.fetchAll('1:*', {uid: true, flags: true, source: true})
      } finally {
        lock.release()
      }
    })
    expect(moved).to.have.length(1)
    expect(moved[0].flags?.has('$NssDone')).to.equal(true)
    expect(moved[0].source?.equals(message.raw)).to.equal(true)
    // RFC 4315 COPYUID: the log names where the message went, so it can still be fetched.
    const movedRef = `${doneMailbox}:${await uidValidityOf(doneMailbox)}:${moved[0].uid}`
    expect(logs.join('\n')).to.include(movedRef)
    expect((await source.fetch(movedRef))?.size).to.equal(message.raw.length)
  })

  it('waitForNew resolves before its timeout when a message arrives through Postfix → LMTP (IDLE), and only at the timeout when none does', async () => {
    const source = await open('INBOX')
    for (const item of await listAll(source)) await source.markDone(item.ref)

    // Nothing arrives: the wait lasts its whole (short) timeout.
    let started = Date.now()
    await source.waitForNew(1500, new AbortController().signal)
    expect(Date.now() - started).to.be.at.least(1400)

    const timeoutMs = 120_000
    const message = messageOf('wakes the daemon')
    started = Date.now()
    const waiting = source.waitForNew(timeoutMs, new AbortController().signal)
    await new Promise(resolve => setTimeout(resolve, 1000))
    await sendThroughPostfix('nss@nss-desk.localhost', message.raw)
    await waiting
    expect(Date.now() - started, 'resolved by the new message, not by the timeout').to.be.below(timeoutMs / 10)
    const texts = await Promise.all((await listAll(source)).map(async item => (await item.read()).toString('utf8')))
    expect(texts.some(text => text.includes(message.messageId))).to.equal(true)
  })

  it('waitForNew resolves at once when its signal aborts', async () => {
    const source = await open(await createMailbox())
    await listAll(source)
    const stop = new AbortController()
    const started = Date.now()
    const waiting = source.waitForNew(120_000, stop.signal)
    setTimeout(() => stop.abort(), 200)
    await waiting
    expect(Date.now() - started).to.be.below(30_000)
  })

  it('speaks TLS as the URL says: imaps:// (implicit) and imap:// with STARTTLS, checking the certificate', async () => {
    const mailbox = await createMailbox()
    await append(mailbox, messageOf('over TLS').raw)
    const implicit = await ImapSource.open(stack.imapUrl('nss', mailbox, {implicitTls: true}), {tls: {ca: stack.ca}})
    opened.push(implicit)
    expect(await listAll(implicit)).to.have.length(1)
    // ?requireTLS=true: STARTTLS or no connection at all (the stack offers it).
    const starttls = await ImapSource.open(stack.imapUrl('nss', mailbox, {query: '?requireTLS=true'}), {tls: {ca: stack.ca}})
    opened.push(starttls)
    expect(await listAll(starttls)).to.have.length(1)

    // The stack's private CA is not trusted by default: refused, unless the URL says not to check.
    const untrusted = await ImapSource.open(stack.imapUrl('nss', mailbox, {implicitTls: true}), {connectAttempts: 1}).then(() => null, (e: unknown) => e)
    expect(untrusted).to.be.instanceOf(ImapSourceError)
    expect((untrusted as Error).message).to.match(/certificate/i)
    const insecure = await ImapSource.open(stack.imapUrl('nss', mailbox, {implicitTls: true, query: '?tls.rejectUnauthorized=false'}))
    opened.push(insecure)
    expect(await listAll(insecure)).to.have.length(1)
  })

  it('never shows the URL\'s password: not in errors for a refused login, a server that is down or a bad URL, not in the logs', async () => {
    const wrong = 'Wr0ng:p@ss/wörd'
    const encoded = encodeURIComponent(wrong)
    const lines: string[] = []
    const record = (msg: string, fields?: object) => lines.push(`${msg} ${JSON.stringify(fields ?? {})}`)
    const logger = {debug: record, info: record, warn: record}
    const failures: Error[] = []

    const refused = await ImapSource.open(`imap://nss:${encoded}@127.0.0.1:${stack.imapPort}/INBOX`, {tls: {ca: stack.ca}, logger})
      .then(() => null, (error: Error) => error)
    expect(refused).to.be.instanceOf(ImapSourceError)
    expect((refused as ImapSourceError).reason).to.equal('auth')
    failures.push(refused!)

    const downPort = await closedPort()
    const down = await ImapSource.open(`imap://nss:${encoded}@127.0.0.1:${downPort}/INBOX`, {logger, connectAttempts: 2, initialBackoffMs: 50})
      .then(() => null, (error: Error) => error)
    expect((down as ImapSourceError).reason).to.equal('unavailable')
    failures.push(down!)

    const missing = await ImapSource.open(`imap://nss:${encodeURIComponent(stack.password('nss'))}@127.0.0.1:${stack.imapPort}/No-Such-Box`, {tls: {ca: stack.ca}, logger})
      .then(() => null, (error: Error) => error)
    expect((missing as ImapSourceError).reason).to.equal('mailbox')
    failures.push(missing!)

    expect(() => parseImapUrl(`imap://nss:${encoded}@127.0.0.1:${stack.imapPort}/INBOX?nope=1`)).to.throw(ImapSourceError)
    try {
      parseImapUrl(`imap://nss:${encoded}@127.0.0.1:${stack.imapPort}/INBOX?nope=1`)
    } catch (error) {
      failures.push(error as Error)
    }

    const everything = [...failures.map(error => `${error.message}\n${error.stack}\n${JSON.stringify(error)}`), ...lines].join('\n')
    expect(everything).to.include('***')
    for (const secret of [wrong, encoded, stack.password('nss')]) expect(everything).not.to.include(secret)
    expect(lines.length, 'the retries were logged').to.be.above(0)
  })

  it('records a message expunged between listing and fetching as vanished, reads the reply behind it, and never lists a message marked $NssFailed (issue 11 point 3)', async () => {
    const desk = seededDesk()
    const [receiptNo] = await applicationsUnderQuery(desk.home, 1, {deliver: true})
    const query = await readQueryMail(desk.home, receiptNo)
    const reply = buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: 'IMAPの返信'})}`})
    const mailbox = await createMailbox()
    const stranger = await append(mailbox, messageOf('no receipt number here').raw)
    const vanishing = await append(mailbox, messageOf('expunged by another client').raw)
    const behind = await append(mailbox, reply)
    await stack.withClient('nss', client => client.append(mailbox, messageOf('set aside before').raw, [FAILED_KEYWORD]))
    const imap = await open(mailbox)
    // The other client expunges the second message after the source listed it (SEARCH and the sizes,
    // one batch) and before the desk fetches its body: the window a busy mailbox has every cycle.
    const expunged: string[] = []
    const source: MailSource = {
      kind: imap.kind,
      list: async function* () {
        for await (const item of imap.list()) {
          if (parseRef(item.ref)!.uid === vanishing) {
            await stack.withClient('nss', async client => {
              const lock = await client.getMailboxLock(mailbox)
              try {
                await client.messageDelete(String(vanishing), {uid: true})
              } finally {
                lock.release()
              }
            })
            expunged.push(item.ref)
          }
          yield item
        }
      },
      fetch: ref => imap.fetch(ref),
      markDone: ref => imap.markDone(ref),
      setAside: ref => imap.setAside(ref),
      waitForNew: (ms, signal) => imap.waitForNew(ms, signal),
      close: () => imap.close(),
    }
    const ctx = await openContext({config: testConfig({NSS_HOME: desk.home})})
    try {
      const report = await runCycle(ctx, MailSourceKeeper.of(source), {log: createJsonLogger({write: () => undefined})})
      expect(report.failures).to.deep.equal([])
      expect(report.inbound!.map(r => [parseRef(r.ref)!.uid, r.outcome])).to.deep.equal([[stranger, 'unrouted'], [vanishing, 'vanished'], [behind, 'amended']])
      const failed = await listInbound(ctx, {failed: true})
      expect(failed.messages.map(m => [m.sourceRef, m.state, m.kind, m.outcome])).to.deep.equal([[expunged[0], 'failed', 'vanished', 'vanished']])
      expect(failed.messages[0].detail).to.contain('expunged since it was listed')
    } finally {
      await ctx.store.close()
    }
    expect(await flagsOf(mailbox, behind)).to.include('$NssDone')
    // Nothing left to read: done, gone, or set aside.
    expect(await listAll(imap)).to.deep.equal([])
  })
})

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const net = await import('node:net')
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as {port: number}).port
  await new Promise(resolve => server.close(resolve))
  return port
}
