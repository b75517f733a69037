/**
 * Issue 5, faults (SPEC §14 "a kill -9 at any moment loses nothing and duplicates no effect"): the real
 * `nss daemon` (long-running, sending over real SMTP to a loopback server) works 300+ replies and the
 * mails of 300 applications while it is killed with SIGKILL at random moments, over and over, and
 * restarted each time. At the end every reply has exactly one recorded outcome, every amendment and
 * withdrawal happened once, every state change has its mails, every mail was sent, and the server saw
 * exactly the Message-IDs of the outbox — a Message-ID may arrive twice (a kill between the server's
 * 250 and marking the row), never two different messages for one row, never a row missing.
 *
 * A daemon killed with -9 leaves its lease running for 2 minutes. Each restart runs (libfaketime) a
 * few minutes later than the one before, so the dead daemon's lease (and, later, its delivery claims)
 * have expired as they would for a supervisor restarting it in real life — without the test waiting.
 * Random moments come from a seeded PRNG (NSS_FAULT_SEED to replay a run).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {DeskContext, openContext} from '../../src/app/context'
import {receiveMail} from '../../src/app/process-inbound.use-case'
import {InfrastructureError} from '../../src/domain/errors'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {faketimeObjectsOf, nssAsync, openStoreReadOnly, seededDesk} from '../support/cli'
import {DaemonProcess, seededRandom, sleep} from '../support/daemon-process'
import {applicationsUnderQuery, composeQueryMails} from '../support/in-process'
import {
  applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, inboxOf, maildirState, readQueryMail, ReplyCharset,
  ReplyClient, SentMail,
} from '../support/replies'
import {TestSmtpServer} from '../support/smtp-server'
import {describeOn, testConfig} from '../support/store'

const SEED = Number(process.env.NSS_FAULT_SEED ?? 5_2026)
const APPLICATIONS = 300
/** What the replies ask for, by application index (the rest only get spoofed mail). */
const AMENDS = 200
const WITHDRAWALS = 60
const BAD_FORMS = 25
const SPOOFS = 25
/** The same bytes delivered a second time (a client or MTA sending twice): one outcome, one effect. */
const REDELIVERIES = 15
const KILLS = 24
/** A kill comes at a random moment up to this long after the daemon says it started. */
const MAX_KILL_DELAY_MS = 1500
/** Each restart runs this much later (faketime) than the previous one: more than the 2-minute lease. */
const RESTART_STEP_MS = 3 * 60_000

const CLIENTS: ReplyClient[] = ['gmail', 'outlook', 'thunderbird', 'iphone']
const CHARSETS: ReplyCharset[] = ['iso-2022-jp', 'shift_jis', 'utf-8-base64', 'utf-8-qp']

type Expected = 'amended' | 'withdrawn' | 'reply-error' | 'unauthenticated'

interface Reply {
  receiptNo: string
  expected: Expected
  messageId: string
  raw: Buffer
  /** The remarks an amendment sets. */
  remarks?: string
}

/** The replies: amendments, withdrawals, forms that cannot be acted on, and spoofed senders. */
function writeReplies(receiptNos: string[], queries: Map<string, SentMail>, random: () => number): Reply[] {
  const replies: Reply[] = []
  receiptNos.forEach((receiptNo, i) => {
    const query = queries.get(receiptNo)!
    const shape = {client: CLIENTS[i % CLIENTS.length], charset: CHARSETS[(i >> 2) % CHARSETS.length]}
    const form = formOf(query.text)
    const add = (expected: Expected, raw: Buffer, remarks?: string) =>
      replies.push({receiptNo, expected, raw, remarks, messageId: /^Message-ID: (\S+)/m.exec(raw.toString('latin1'))![1]})
    if (i < AMENDS) {
      const remarks = `修正その${i}`
      add('amended', buildReply(query, {...shape, body: `修正します。\n\n${editForm(form, {操作: '修正', 備考: remarks})}`}), remarks)
    } else if (i < AMENDS + WITHDRAWALS) {
      const body = i % 2 === 0 ? `取下げ\n\nよろしくお願いします。` : `取り下げます。\n\n${editForm(form, {操作: '取下げ'})}`
      add('withdrawn', buildReply(query, {...shape, body}))
    } else if (i < AMENDS + WITHDRAWALS + BAD_FORMS) {
      add('reply-error', buildReply(query, {...shape, body: `修正します。\n\n${editForm(form, {操作: '修正', NACCS登録希望日: `来月${i}日`})}`}))
    }
  })
  // Strangers who got hold of a query mail: a valid signed address, a stolen receipt number.
  for (let k = 0; k < SPOOFS; k++) {
    const receiptNo = receiptNos[Math.floor(random() * receiptNos.length)]
    const query = queries.get(receiptNo)!
    const body = `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: 'なりすまし'})}`
    const raw = buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body, from: `spoofer${k}@evil.example`})
    replies.push({receiptNo, expected: 'unauthenticated', raw, messageId: /^Message-ID: (\S+)/m.exec(raw.toString('latin1'))![1]})
  }
  return replies
}

describe('fault: kill -9 of nss daemon at random moments while it works 300+ replies over SMTP (SPEC §14)', function () {
  this.timeout(600_000)
  let server: TestSmtpServer

  before(async () => {
    server = await TestSmtpServer.start()
  })
  after(async () => {
    await DaemonProcess.killAll()
    await server.stop()
  })

  it('leaves no faketime semaphore or shared memory in /dev/shm when a daemon run later than now is killed with -9', async () => {
    const desk = seededDesk()
    const spawnedAt = Date.now()
    const daemon = new DaemonProcess({NSS_HOME: desk.home}, RESTART_STEP_MS)
    // Objects of that name made since the spawn: older ones are leftovers of an earlier process that
    // had the same PID (PIDs wrap at 32768 here), which the `faketime` wrapper used to trip over.
    const madeSinceSpawn = () => faketimeObjectsOf(daemon.pid).filter(file => fs.existsSync(file) && fs.statSync(file).ctimeMs >= spawnedAt - 1000)
    let whileRunning: string[]
    try {
      expect(await daemon.started(), JSON.stringify(daemon.lines)).to.equal(true)
      // Its clock runs 3 minutes ahead: the log line's time says so.
      const startedAt = Date.parse(daemon.lines.find(l => l.msg === 'daemon started').ts)
      expect(startedAt - Date.now()).to.be.within(RESTART_STEP_MS - 30_000, RESTART_STEP_MS + 5_000)
      // libfaketime made its semaphore and shared memory, named after the daemon's PID: a kill -9
      // gives it no chance to remove them.
      whileRunning = madeSinceSpawn()
      expect(whileRunning).to.deep.equal(faketimeObjectsOf(daemon.pid))
    } finally {
      daemon.kill9()
    }
    expect((await daemon.exited).signal).to.equal('SIGKILL')
    expect(daemon.faketimeLeftoversRemoved).to.deep.equal(whileRunning)
    expect(madeSinceSpawn()).to.deep.equal([])
  })

  it('reads on after a kill -9 that left a message stored but not acted on: the restart acts on it and on the mail behind it', async () => {
    const desk = seededDesk()
    const env = {NSS_HOME: desk.home}
    // A daemon at work, killed: its lease stays behind (held by a dead process, it expires in 2 minutes).
    const daemon = new DaemonProcess(env, 0)
    expect(await daemon.started()).to.equal(true)
    daemon.kill9()
    await daemon.exited
    const first = applyAndQuery(desk)
    const second = applyAndQuery(desk)
    const amend = async (receiptNo: string) => {
      const query = await readQueryMail(desk.home, receiptNo)
      return buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正'})}`})
    }
    deliverToMaildir(desk.home, await amend(first))
    deliverToMaildir(desk.home, await amend(second))
    // The first reply was stored (step 1) when the process died, before its transaction committed.
    const ctx = await openContext({config: testConfig(env)})
    try {
      let writes = 0
      const dying: DeskContext = {
        ...ctx,
        store: Object.assign(Object.create(ctx.store), {
          read: (work: any) => ctx.store.read(work),
          write: (work: any) => (++writes === 2 ? Promise.reject(new InfrastructureError('killed')) : ctx.store.write(work)),
        }),
      }
      await receiveMail(dying, new MaildirSource(inboxOf(desk.home))).catch(() => undefined)
    } finally {
      await ctx.store.close()
    }
    expect(maildirState(desk.home).fresh).to.have.length(2)

    // The restart, once the dead daemon's lease has run out.
    const restart = await nssAsync(['daemon', '--once', '--json'], {env, at: new Date(Date.now() + RESTART_STEP_MS).toISOString()})
    expect(restart.code, restart.stdout + restart.stderr).to.equal(0)
    expect(restart.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo])).to.deep.equal([['amended', first], ['amended', second]])
    expect(maildirState(desk.home).fresh).to.deep.equal([])
  })

  it('loses nothing and duplicates no effect: one outcome per reply, one effect per amendment/withdrawal, every mail sent once per Message-ID', async () => {
    const random = seededRandom(SEED)
    const desk = seededDesk()
    const receiptNos = await applicationsUnderQuery(desk.home, APPLICATIONS, {contactEmail: i => `c${i}@example.jp`})
    const queries = await composeQueryMails(desk.home)
    const replies = writeReplies(receiptNos, queries, random)
    // Shuffle, then add the re-deliveries: the Maildir order is the order the daemon reads them in.
    for (let i = replies.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      const picked = replies[j]
      replies[j] = replies[i]
      replies[i] = picked
    }
    const deliveries: Buffer[] = [...replies.map(r => r.raw), ...replies.filter(r => r.expected === 'amended').slice(0, REDELIVERIES).map(r => r.raw)]
    // The replies come in over the run, a batch before each restart, so that every life has work.
    const batchSize = Math.ceil(deliveries.length / KILLS)

    const env = {NSS_HOME: desk.home, NSS_SMTP_URL: server.url()}
    let kills = 0
    let killsWithWorkPending = 0
    /** What the killed daemons did before dying, from their log lines: messages read, mails sent. */
    const doneUnderKills = {messages: 0, mails: 0}
    const started = Date.now()
    for (; kills < KILLS; kills++) {
      for (const raw of deliveries.slice(kills * batchSize, (kills + 1) * batchSize)) deliverToMaildir(desk.home, raw)
      const daemon = new DaemonProcess(env, kills * RESTART_STEP_MS)
      if (!(await daemon.started())) {
        const {code} = await daemon.exited
        expect.fail(`the daemon exited (${code}) before it started: ${JSON.stringify(daemon.lines)}`)
      }
      await sleep(random() * MAX_KILL_DELAY_MS)
      daemon.kill9()
      const exit = await daemon.exited
      expect(exit.signal, 'the daemon died by SIGKILL, not by itself').to.equal('SIGKILL')
      doneUnderKills.messages += daemon.lines.filter(l => l.msg === 'inbound').length
      doneUnderKills.mails += daemon.lines.filter(l => l.msg === 'mail' && l.status === 'sent').length
      if (hasWorkPending(desk.home)) killsWithWorkPending++
    }
    const killPhaseMs = Date.now() - started

    // After the last kill: cron runs, late enough that every claim the dead daemons left has expired
    // (10 minutes), until a run finds nothing to do.
    const quietAt = (kills + 1) * RESTART_STEP_MS + 15 * 60_000
    let onceRuns = 0
    for (;;) {
      const run = await nssAsync(['daemon', '--once', '--json'], {env, at: new Date(Date.now() + quietAt).toISOString()})
      onceRuns++
      expect(run.code, `${run.stdout}${run.stderr}`).to.equal(0)
      const cycle = run.json.lastCycle
      const moved = (cycle.inbound?.length ?? 0) + (cycle.outbox ? cycle.outbox.sent + cycle.outbox.pending + cycle.outbox.failed : 0)
      if (moved === 0) break
      expect(onceRuns, 'the store settles within a few cron runs').to.be.below(6)
    }

    const db = openStoreReadOnly(desk.home)
    try {
      const inbound = db.prepare('SELECT id, messageId, state, outcome, receiptNo FROM inbound_messages').all() as any[]
      const applications = db.prepare('SELECT receiptNo, status, supersedes, supersededBy, remarks FROM applications').all() as any[]
      const outbox = db.prepare('SELECT id, receiptNo, kind, messageId, status FROM outbox').all() as any[]
      const logs = db.prepare('SELECT receiptNo, item FROM application_log').all() as any[]
      const byReceipt = new Map(applications.map(a => [a.receiptNo, a]))

      // Every reply: exactly one inbound row, done, with the outcome it had to have; nothing left unread.
      const rowsByMessageId = new Map<string, any[]>()
      for (const row of inbound) rowsByMessageId.set(row.messageId, [...(rowsByMessageId.get(row.messageId) ?? []), row])
      let lost = 0
      let duplicateEffects = 0
      const wrongOutcomes: string[] = []
      for (const reply of replies) {
        const rows = rowsByMessageId.get(reply.messageId) ?? []
        if (rows.length === 0) lost++
        if (rows.length > 1) duplicateEffects += rows.length - 1
        for (const row of rows) {
          if (row.state !== 'done' || row.outcome !== reply.expected || row.receiptNo !== reply.receiptNo) {
            wrongOutcomes.push(`${reply.messageId} (${reply.expected} ${reply.receiptNo}): ${row.state} ${row.outcome} ${row.receiptNo}`)
          }
        }
      }
      expect(inbound.length, 'no inbound row but the replies').to.equal(replies.length)
      expect(maildirState(desk.home).fresh, 'every delivered file was marked done').to.deep.equal([])

      // Every amendment once: one successor with the reply's remarks; every withdrawal once; the rest untouched.
      const successors = new Map<string, any[]>()
      for (const app of applications) if (app.supersedes) successors.set(app.supersedes, [...(successors.get(app.supersedes) ?? []), app])
      const logCount = (receiptNo: string, item: string) => logs.filter(l => l.receiptNo === receiptNo && l.item === item).length
      const acting = new Map(replies.filter(r => r.expected !== 'unauthenticated').map(r => [r.receiptNo, r]))
      for (const receiptNo of receiptNos) {
        const app = byReceipt.get(receiptNo)
        const reply = acting.get(receiptNo)
        const next = successors.get(receiptNo) ?? []
        if (next.length > 1) duplicateEffects += next.length - 1
        if (reply?.expected === 'amended') {
          expect(app.status, receiptNo).to.equal('superseded')
          expect(next.map(n => [n.receiptNo, n.status, n.remarks]), receiptNo).to.deep.equal([[app.supersededBy, 'received', reply.remarks]])
          expect(logCount(receiptNo, 'superseded'), receiptNo).to.equal(1)
          expect(logCount(app.supersededBy, 'apply_amendment'), app.supersededBy).to.equal(1)
        } else {
          expect(next, `${receiptNo} was not amended`).to.deep.equal([])
          expect(app.status, receiptNo).to.equal(reply?.expected === 'withdrawn' ? 'withdrawn' : 'query')
          expect(logCount(receiptNo, 'withdraw'), receiptNo).to.equal(reply?.expected === 'withdrawn' ? 1 : 0)
        }
      }
      expect(applications.length, 'no application but the 300 and one successor per amendment').to.equal(APPLICATIONS + AMENDS)

      // Every state change has its mails: receipt and query of each application, the receipt of each
      // successor, a withdrawal mail per withdrawal, a reply-error per bad form; nothing else.
      const mailsOf = (receiptNo: string) => outbox.filter(o => o.receiptNo === receiptNo).map(o => o.kind).sort()
      for (const receiptNo of receiptNos) {
        const expected = acting.get(receiptNo)?.expected
        const extra = expected === 'withdrawn' ? ['withdrawal'] : expected === 'reply-error' ? ['reply-error'] : []
        expect(mailsOf(receiptNo), receiptNo).to.deep.equal(['query', 'receipt', ...extra].sort())
        const successor = byReceipt.get(receiptNo).supersededBy
        if (successor) expect(mailsOf(successor), successor).to.deep.equal(['receipt'])
      }
      expect(outbox.length).to.equal(2 * APPLICATIONS + AMENDS + WITHDRAWALS + BAD_FORMS)
      expect(outbox.filter(o => o.status !== 'sent').map(o => `${o.id} ${o.kind} ${o.status}`), 'every mail sent').to.deep.equal([])

      // At the server: exactly the outbox's Message-IDs; one may have come twice, none is missing or foreign.
      const received = new Map<string, number>()
      for (const message of server.messages) received.set(message.messageId ?? '', (received.get(message.messageId ?? '') ?? 0) + 1)
      const resent = [...received.values()].filter(n => n > 1).length
      expect([...received.keys()].sort(), 'the distinct Message-IDs delivered are the outbox rows').to.deep.equal(outbox.map(o => o.messageId).sort())
      const lostMails = outbox.filter(o => !received.has(o.messageId)).length

      console.log(`      seed ${SEED}: ${kills} kills in ${Math.round(killPhaseMs / 1000)} s (${killsWithWorkPending} with work pending), ` +
        `${deliveries.length} deliveries; before dying the daemons read ${doneUnderKills.messages} messages and sent ` +
        `${doneUnderKills.mails} mails; ${onceRuns} cron runs to settle`)
      console.log(`      kills survived ${kills}, replies ${replies.length}, outcomes ${inbound.filter(r => r.state === 'done').length}, ` +
        `duplicate effects ${duplicateEffects}, lost ${lost + lostMails}, resent Message-IDs ${resent} ` +
        `(${server.messages.length} messages at the server for ${outbox.length} outbox rows)`)
      expect(wrongOutcomes, 'every reply has the outcome it had to have').to.deep.equal([])
      expect(duplicateEffects, 'duplicate effects').to.equal(0)
      expect(lost + lostMails, 'lost').to.equal(0)
      expect(kills).to.be.at.least(20)
    } finally {
      db.close()
    }
  })
})

/** Whether anything was left to do when a daemon died: a reply not yet marked done, or a mail not yet sent. */
function hasWorkPending(home: string): boolean {
  if (fs.readdirSync(path.join(inboxOf(home), 'new')).length > 0) return true
  const db = openStoreReadOnly(home)
  try {
    return (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status <> 'sent'`).get() as {n: number}).n > 0
  } finally {
    db.close()
  }
}

// A SQLite store is worked by one daemon at a time (its lease); on PostgreSQL several work together
// (test/integration/pg-three-daemons.test.ts).
describeOn('sqlite', 'fault: a restarted daemon on a SQLite store (SPEC §12)', function () {
  this.timeout(120_000)
  after(async () => DaemonProcess.killAll())

  it('starts a daemon that finds the store worked by another as a standby, which takes over when that one stops', async () => {
    const desk = seededDesk()
    const env = {NSS_HOME: desk.home}
    const working = new DaemonProcess(env, 0)
    let standby: DaemonProcess | undefined
    try {
      expect(await working.started()).to.equal(true)
      standby = new DaemonProcess(env, 0)
      // A supervisor restarting a service, or a second instance: it must neither exit nor work.
      const waiting = await standby.next(l => l.msg === 'the store is worked by another daemon; waiting for its lease')
      expect(waiting, JSON.stringify(standby.lines)).to.not.equal(null)
      expect(standby.lines.some(l => l.msg === 'daemon started')).to.equal(false)

      working.signal('SIGTERM')
      expect((await working.exited).code, JSON.stringify(working.lines)).to.equal(0)
      expect(await standby.started(), JSON.stringify(standby.lines)).to.equal(true)
      const receiptNo = applyAndQuery(desk)
      const query = await readQueryMail(desk.home, receiptNo)
      deliverToMaildir(desk.home, buildReply(query, {client: 'iphone', charset: 'iso-2022-jp', body: '取下げ'}))
      expect(await standby.next(l => l.msg === 'inbound')).to.include({outcome: 'withdrawn', receiptNo})
    } finally {
      working.kill9()
      standby?.kill9()
    }
  })
})
