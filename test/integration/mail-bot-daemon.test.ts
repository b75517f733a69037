/**
 * The daemon (SPEC §12): one daemon per store through a lease (a second `nss daemon --once` exits 0
 * quietly and does nothing); `nss daemon` runs until SIGTERM, which lets the current message finish,
 * releases the lease and exits 0; new mail in the Maildir wakes it; each cycle's steps fail on their
 * own; logs are JSON lines on stderr and never show a password.
 */
import {expect} from 'chai'
import {ChildProcess, spawn} from 'node:child_process'
import * as path from 'node:path'
import {DeskContext, openContext} from '../../src/app/context'
import {MailSourceKeeper, runCycle, runDaemon} from '../../src/app/daemon.use-case'
import {readLease} from '../../src/app/lease'
import {createJsonLogger} from '../../src/app/log'
import {InfrastructureError} from '../../src/domain/errors'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import type {InboundItem, MailSource} from '../../src/mail/inbound/source'
import {BIN, EXAMPLES, nss, openStoreReadOnly, ROOT, seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, inboxOf, maildirState, readQueryMail, readSpool, sentMailsOf,
  SentMail, statusOf,
} from '../support/replies'
import {describeOn, testConfig, withStoreEnv} from '../support/store'

function amendingReply(query: SentMail, remarks: string): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: remarks})
  return buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`})
}

/** A long-running `nss daemon` whose JSON log lines are read as they come. */
class RunningDaemon {
  readonly lines: any[] = []
  readonly stderr: string[] = []
  readonly exited: Promise<number | null>
  private waiters: Array<{test: (line: any) => boolean; resolve: (line: any) => void}> = []
  private readonly child: ChildProcess

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, 'daemon', '--interval', '3600'], {cwd: ROOT, env: withStoreEnv({...process.env, NO_COLOR: '1', ...env})})
    let buffered = ''
    this.child.stderr!.on('data', chunk => {
      buffered += chunk
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const text = buffered.slice(0, end)
        buffered = buffered.slice(end + 1)
        this.stderr.push(text)
        const line = JSON.parse(text)
        this.lines.push(line)
        this.waiters = this.waiters.filter(w => !(w.test(line) && (w.resolve(line), true)))
      }
    })
    this.exited = new Promise(resolve => this.child.on('close', code => resolve(code)))
  }

  /** The first log line (past or future) that passes `test`; fails if the daemon exits first. */
  next(test: (line: any) => boolean, after = 0): Promise<any> {
    const seen = this.lines.slice(after).find(test)
    if (seen) return Promise.resolve(seen)
    return Promise.race([
      new Promise(resolve => this.waiters.push({test, resolve})),
      this.exited.then(code => { throw new Error(`the daemon exited (${code}) first: ${this.stderr.join('\n')}`) }),
    ])
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }
}

describe('nss daemon (SPEC §12)', function () {
  it('on SIGTERM finishes the message at hand, commits and marks it, and leaves the next one for later', async function () {
    const desk = seededDesk()
    const first = applyAndQuery(desk)
    const second = applyAndQuery(desk)
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, first), 'SIGTERM前'), '7001.first')
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, second), 'SIGTERM後'), '7002.second')
    const ctx = await openContext({config: testConfig({...process.env, NSS_HOME: desk.home})})
    const stop = new AbortController()
    try {
      const maildir = new MaildirSource(inboxOf(desk.home))
      // The signal arrives while the first message is being read.
      const source: MailSource = Object.assign(Object.create(maildir), {
        async *list(): AsyncIterable<InboundItem> {
          for await (const item of maildir.list()) {
            yield {...item, read: async () => {
              if (item.ref === '7001.first') stop.abort()
              return item.read()
            }}
          }
        },
      })
      const lines: string[] = []
      const result = await runDaemon(ctx, {signal: stop.signal, log: createJsonLogger({write: l => lines.push(l)}), openSource: async () => source})
      expect(result).to.deep.include({lease: 'acquired', cycles: 1, stoppedBy: 'signal'})
      expect(result.lastCycle!.inbound!.map(r => [r.ref, r.outcome])).to.deep.equal([['7001.first', 'amended']])
      expect(await readLease(ctx, 'daemon')).to.equal(null)
    } finally {
      await ctx.store.close()
    }
    expect(maildirState(desk.home)).to.deep.equal({fresh: ['7002.second'], done: ['7001.first:2,S']})
    expect(statusOf(desk, first).status).to.equal('superseded')
    expect(statusOf(desk, second).status).to.equal('query')
  })

  it('sends each answer while the next replies are read, not after the last one (issue 6 part 4)', async function () {
    const desk = seededDesk()
    const receiptNos = [applyAndQuery(desk), applyAndQuery(desk), applyAndQuery(desk)]
    for (const [i, receiptNo] of receiptNos.entries()) {
      deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, receiptNo), `同時送信の確認 ${i + 1}`))
    }
    const answered = async () => (await readSpool(desk.home)).filter(m => m.subject.includes('受付完了')).length
    const before = await answered()
    // A source that, before it hands over the second and third replies, waits (at most 10 s) until the
    // answer to the first is in the spool: a daemon that sends only after its last reply never gets it.
    const maildir = new MaildirSource(inboxOf(desk.home))
    const waits: string[] = []
    const source: MailSource = {
      kind: maildir.kind,
      list: async function* () {
        let index = 0
        for await (const item of maildir.list()) {
          if (index++ > 0) {
            const deadline = Date.now() + 10_000
            while (await answered() === before && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
            waits.push(await answered() > before ? 'answer out' : 'no answer yet')
          }
          yield item
        }
      },
      fetch: ref => maildir.fetch(ref),
      markDone: ref => maildir.markDone(ref),
      setAside: ref => maildir.setAside(ref),
      waitForNew: (ms, signal) => maildir.waitForNew(ms, signal),
      close: () => maildir.close(),
    }
    const ctx = await openContext({config: testConfig({...process.env, NSS_HOME: desk.home})})
    try {
      const report = await runCycle(ctx, MailSourceKeeper.of(source), {log: createJsonLogger({write: () => undefined})})
      expect(report.inbound!.map(r => r.outcome)).to.deep.equal(['amended', 'amended', 'amended'])
      expect(report.outbox).to.deep.equal({sent: 3, pending: 0, failed: 0})
      expect(report.failures).to.deep.equal([])
    } finally {
      await ctx.store.close()
    }
    expect(waits).to.deep.equal(['answer out', 'answer out'])
    expect(await answered()).to.equal(before + 3)
  })

  it('runs every step of a cycle even when one fails: the outbox, the mail source, passwords, registration changes', async function () {
    const desk = seededDesk()
    // A completed application: issued passwords (1ANAC A0A, A01) and a scheduled change for 1BNAC.
    const completed = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}).json.receiptNo
    expect(nss(['review', completed, '--complete', ''], {env: desk.reviewer}).code).to.equal(0)
    const queried = applyAndQuery(desk)
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, queried), 'SMTPが止まっている間の修正'))
    const lines: string[] = []
    const log = createJsonLogger({write: l => lines.push(l)})
    const open = async (env: Record<string, string>, clock?: {now: () => Date}): Promise<DeskContext> =>
      openContext({config: testConfig({...process.env, NSS_HOME: desk.home, ...env}), clock})

    // 1. The SMTP server is down: the reply is acted on all the same; sending its answer fails (exit 6).
    let ctx = await open({NSS_SMTP_URL: 'smtp://desk:s3cret-smtp@127.0.0.1:1'})
    try {
      const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log})
      expect(report.inbound!.map(r => r.outcome)).to.deep.equal(['amended'])
      expect(report.failures.map(f => [f.step, f.exitCode])).to.deep.equal([['outbox', 6]])
      expect(report).to.deep.include({purgedPasswords: 0, appliedChanges: 0})
      expect(report.outbox).to.deep.equal({sent: 0, pending: 1, failed: 0})
    } finally {
      await ctx.store.close()
    }

    // 2. A month later the mail source cannot be opened: the pending answer goes out, the passwords'
    //    window has closed and the registration date has come, all the same.
    const monthLater = new Date(Date.now() + 31 * 24 * 3600_000)
    ctx = await open({}, {now: () => monthLater})
    try {
      const failing = new MailSourceKeeper(async () => { throw new InfrastructureError('the IMAP server is down') })
      const report = await runCycle(ctx, failing, {log})
      expect(report.failures.map(f => [f.step, f.message])).to.deep.equal([['inbound', 'the IMAP server is down']])
      expect(report.inbound).to.equal(null)
      expect(report.outbox).to.deep.equal({sent: 1, pending: 0, failed: 0})
      expect(report.purgedPasswords).to.equal(2)
      expect(report.appliedChanges).to.equal(1)
    } finally {
      await ctx.store.close()
    }
    const office = nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: desk.home}}).json
    expect(office.userCodes.find((u: any) => u.code === '1BNAC').officeNameEn).to.equal('TOKYO OFFICE 2')

    const parsed = lines.map(l => JSON.parse(l))
    expect(parsed.filter(l => l.level === 'error').map(l => l.step)).to.deep.equal(['outbox', 'inbound'])
    expect(lines.join('')).not.to.contain('s3cret')
  })

  it('exits 6 from --once when a step fails, after the other steps, with JSON lines on stderr and no password in them', function () {
    const desk = seededDesk()
    const env = {NSS_HOME: desk.home, NSS_IMAP_URL: 'imaps://desk:s3cret-imap@127.0.0.1:1/INBOX', NSS_SMTP_URL: 'smtp://desk:s3cret-smtp@127.0.0.1:1'}
    const result = nss(['daemon', '--once'], {env})
    expect(result.code, result.stderr).to.equal(6)
    const lines = result.stderr.trim().split('\n')
    const json = lines.filter(l => l.startsWith('{')).map(l => JSON.parse(l))
    expect(json.find(l => l.level === 'error')).to.include({step: 'inbound', exitCode: 6})
    expect(json.every(l => typeof l.ts === 'string' && typeof l.msg === 'string')).to.equal(true)
    expect(result.stdout + result.stderr).not.to.contain('s3cret')
  })
})

// The lease of a SQLite store; on PostgreSQL daemons share the store (pg-three-daemons.test.ts).
describeOn('sqlite', 'nss daemon on a SQLite store (SPEC §12)', function () {
  it('holds the store alone: a second --once exits 0 quietly; new mail wakes it; SIGTERM stops it with exit 0 and frees the lease', async function () {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    // Debug lines too: the first (idle) cycle's end says the daemon is waiting for mail.
    const daemon = new RunningDaemon({NSS_HOME: desk.home, NSS_LOG_LEVEL: 'debug'})
    try {
      const started = await daemon.next(l => l.msg === 'daemon started')
      expect(started).to.include({level: 'info', once: false, intervalSeconds: 3600})
      await daemon.next(l => l.msg === 'cycle done')

      // A cron run meanwhile: exit 0, nothing on stdout or stderr, nothing done.
      const cron = nss(['daemon', '--once'], {env: {NSS_HOME: desk.home}})
      expect([cron.code, cron.stdout, cron.stderr]).to.deep.equal([0, '', ''])
      const cronJson = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: desk.home}})
      expect(cronJson.code).to.equal(0)
      expect(cronJson.json).to.deep.include({lease: 'held', cycles: 0, lastCycle: null})

      // New mail in the Maildir wakes the running daemon, which acts on it and sends the answer.
      const mark = daemon.lines.length
      deliverToMaildir(desk.home, amendingReply(query, '常駐デーモンで修正'))
      const inbound = await daemon.next(l => l.msg === 'inbound', mark)
      expect(inbound).to.include({outcome: 'amended', receiptNo})
      await daemon.next(l => l.msg === 'cycle done' && l.inbound === 1, mark)
      expect(await sentMailsOf(desk.home, inbound.newReceiptNo, 'receipt')).to.have.length(1)

      daemon.signal('SIGTERM')
      expect(await daemon.exited).to.equal(0)
    } finally {
      daemon.signal('SIGKILL')
    }
    expect(daemon.lines.find(l => l.msg === 'daemon stopped')).to.include({stoppedBy: 'signal'})
    for (const line of daemon.lines) expect(Object.keys(line).slice(0, 3)).to.deep.equal(['ts', 'level', 'msg'])

    const db = openStoreReadOnly(desk.home)
    try {
      expect(db.prepare('SELECT * FROM leases').all()).to.deep.equal([])
    } finally {
      db.close()
    }
    // The lease is free at once: the next cron run works without waiting for it to expire.
    const next = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: desk.home}})
    expect(next.code, next.stderr).to.equal(0)
    expect(next.json).to.deep.include({lease: 'acquired', cycles: 1, stoppedBy: 'once'})
    // An idle cron run prints nothing at all.
    const idle = nss(['daemon', '--once'], {env: {NSS_HOME: desk.home}})
    expect([idle.code, idle.stdout, idle.stderr]).to.deep.equal([0, '', ''])
  })
})
