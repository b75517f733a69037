/**
 * Issue 7, acceptance 2: three `nss daemon` processes on one PostgreSQL database work 1,000 replies and
 * send their mails. They share the desk's home, so one Maildir and one spool of secrets, and one SMTP
 * server on loopback receives what they send. Nothing coordinates them but the store: outbox rows
 * claimed `FOR UPDATE SKIP LOCKED`, each inbound message one row (its unique key) claimed the same way
 * while its outcome is made, receipt numbers from the year's counter row locked in the allocating
 * transaction (src/store/claims.ts, repositories.ts).
 *
 * Asserted: each reply exactly one inbound row with the outcome it had to have, each amendment one
 * successor and each withdrawal one withdrawal; every mail of the outbox sent, each exactly once at the
 * server (distinct Message-IDs, none twice, none missing); every receipt number unique; all three
 * daemons did part of the work. The figures are printed.
 */
import {expect} from 'chai'
import {nss, openStoreReadOnly, seededDesk} from '../support/cli'
import {DaemonProcess, seededRandom, sleep} from '../support/daemon-process'
import {applicationsUnderQuery, composeQueryMails} from '../support/in-process'
import {buildReply, deliverToMaildir, editForm, formOf, maildirState, ReplyCharset, ReplyClient} from '../support/replies'
import {TestSmtpServer} from '../support/smtp-server'
import {describeOn} from '../support/store'

const REPLIES = Number(process.env.NSS_PG_REPLIES ?? 1000)
const DAEMONS = 3
/** One in ten withdraws; the rest amend through the reply form. */
const WITHDRAW_EVERY = 10
const CLIENTS: ReplyClient[] = ['gmail', 'outlook', 'thunderbird', 'iphone']
const CHARSETS: ReplyCharset[] = ['iso-2022-jp', 'shift_jis', 'utf-8-base64', 'utf-8-qp']
/** The whole run is bounded: a daemon that stalls fails the test instead of hanging it. */
const WORK_DEADLINE_MS = 8 * 60_000

describeOn('postgres', 'three nss daemons on one PostgreSQL database (issue 7, acceptance 2)', function () {
  this.timeout(15 * 60_000)
  let server: TestSmtpServer

  before(async () => {
    server = await TestSmtpServer.start()
  })
  after(async () => {
    await DaemonProcess.killAll()
    await server.stop()
  })

  it(`work ${REPLIES} replies and send their mails: each reply one outcome, each mail sent once, receipt numbers unique`, async () => {
    const random = seededRandom(7_2026)
    const desk = seededDesk()
    const setupStarted = Date.now()
    const receiptNos = await applicationsUnderQuery(desk.home, REPLIES, {contactEmail: i => `c${i}@example.jp`})
    const queries = await composeQueryMails(desk.home)
    const replies = receiptNos.map((receiptNo, i) => {
      const query = queries.get(receiptNo)!
      const shape = {client: CLIENTS[i % CLIENTS.length], charset: CHARSETS[(i >> 2) % CHARSETS.length]}
      const isWithdrawal = i % WITHDRAW_EVERY === 0
      const remarks = `修正その${i}`
      const body = isWithdrawal ? '取下げ\n\nよろしくお願いします。' : `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: remarks})}`
      const raw = buildReply(query, {...shape, body})
      return {receiptNo, raw, remarks, expected: isWithdrawal ? 'withdrawn' : 'amended', messageId: /^Message-ID: (\S+)/m.exec(raw.toString('latin1'))![1]}
    })
    for (let i = replies.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[replies[i], replies[j]] = [replies[j], replies[i]]
    }
    const setupMs = Date.now() - setupStarted

    // The receipt and query mails of the setup are still pending: the daemons send those too.
    const env = {NSS_HOME: desk.home, NSS_SMTP_URL: server.url()}
    const started = Date.now()
    const daemons = Array.from({length: DAEMONS}, () => new DaemonProcess(env, 0))
    for (const daemon of daemons) expect(await daemon.started(), JSON.stringify(daemon.lines.slice(-5))).to.equal(true)
    // The replies arrive while the daemons run, in four waves.
    for (let wave = 0; wave < 4; wave++) {
      for (const reply of replies.slice(wave * REPLIES / 4, (wave + 1) * REPLIES / 4)) deliverToMaildir(desk.home, reply.raw)
      await sleep(2000)
    }

    // Until every reply is done and every mail sent (the answers included), or the deadline.
    const expectedMails = 2 * REPLIES + REPLIES // receipt + query per application, one answer per reply
    let settled = false
    while (Date.now() - started < WORK_DEADLINE_MS) {
      const db = openStoreReadOnly(desk.home)
      const done = (db.prepare(`SELECT count(*) AS n FROM inbound_messages WHERE state = 'done'`).get() as {n: number}).n
      const sent = (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`).get() as {n: number}).n
      db.close()
      if (done >= REPLIES && sent >= expectedMails && maildirState(desk.home).fresh.length === 0) {
        settled = true
        break
      }
      for (const daemon of daemons) {
        const exited = await Promise.race([daemon.exited.then(() => true), sleep(0).then(() => false)])
        if (exited) expect.fail(`a daemon exited while working: ${JSON.stringify(daemon.lines.slice(-10))}`)
      }
      await sleep(1000)
    }
    const workMs = Date.now() - started
    for (const daemon of daemons) daemon.signal('SIGTERM')
    const exits = await Promise.all(daemons.map(d => d.exited))
    expect(settled, 'the daemons worked every reply and sent every mail within the deadline').to.equal(true)
    expect(exits.map(e => e.code), 'each daemon stops with exit 0 on SIGTERM').to.deep.equal(Array(DAEMONS).fill(0))

    const db = openStoreReadOnly(desk.home)
    const inbound = db.prepare('SELECT messageId, state, outcome, receiptNo FROM inbound_messages').all() as any[]
    const applications = db.prepare('SELECT receiptNo, status, supersedes, supersededBy, remarks FROM applications').all() as any[]
    const outbox = db.prepare('SELECT id, receiptNo, kind, messageId, status FROM outbox').all() as any[]
    const withdrawals = db.prepare(`SELECT receiptNo FROM application_log WHERE item = 'withdraw'`).all() as any[]
    db.close()

    // Each reply: one inbound row, done, with its outcome.
    const rowsByMessageId = new Map<string, any[]>()
    for (const row of inbound) rowsByMessageId.set(row.messageId, [...(rowsByMessageId.get(row.messageId) ?? []), row])
    const wrong = replies.filter(r => {
      const rows = rowsByMessageId.get(r.messageId) ?? []
      return rows.length !== 1 || rows[0].state !== 'done' || rows[0].outcome !== r.expected || rows[0].receiptNo !== r.receiptNo
    }).map(r => `${r.messageId} ${r.expected}: ${JSON.stringify(rowsByMessageId.get(r.messageId) ?? [])}`)
    expect(wrong, 'each reply exactly one outcome, the one it had to have').to.deep.equal([])
    expect(inbound).to.have.length(REPLIES)

    // Each amendment one successor with its remarks; each withdrawal once; receipt numbers unique.
    const successors = new Map<string, any[]>()
    for (const app of applications) if (app.supersedes) successors.set(app.supersedes, [...(successors.get(app.supersedes) ?? []), app])
    const byReceipt = new Map(applications.map(a => [a.receiptNo, a]))
    for (const reply of replies) {
      const next = successors.get(reply.receiptNo) ?? []
      if (reply.expected === 'amended') {
        expect(next.map(n => [n.status, n.remarks]), reply.receiptNo).to.deep.equal([['received', reply.remarks]])
      } else {
        expect(next, reply.receiptNo).to.deep.equal([])
        expect(byReceipt.get(reply.receiptNo).status).to.equal('withdrawn')
      }
    }
    expect(withdrawals.length).to.equal(REPLIES / WITHDRAW_EVERY)
    const numbers = applications.map(a => a.receiptNo)
    expect(new Set(numbers).size, 'receipt numbers unique').to.equal(numbers.length)
    const sequence = numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)
    expect(sequence, 'receipt numbers gapless').to.deep.equal(sequence.map((_, i) => i + 1))

    // Each mail sent once: the server holds exactly the outbox's Message-IDs, each once.
    const atServer = new Map<string, number>()
    for (const message of server.messages) atServer.set(message.messageId ?? '', (atServer.get(message.messageId ?? '') ?? 0) + 1)
    const twice = [...atServer].filter(([, n]) => n > 1).map(([id]) => id)
    expect(outbox.filter(o => o.status !== 'sent').map(o => `${o.id} ${o.kind} ${o.status}`), 'every mail sent').to.deep.equal([])
    expect(outbox).to.have.length(expectedMails)
    expect(twice, 'no mail sent twice').to.deep.equal([])
    expect([...atServer.keys()].sort(), 'the server received exactly the outbox').to.deep.equal(outbox.map(o => o.messageId).sort())

    // All three took part: each acted on replies and sent mails.
    const share = daemons.map(d => ({
      // An amendment made by this daemon names its new receipt number; one it only read back does not.
      amended: d.lines.filter(l => l.msg === 'inbound' && l.outcome === 'amended' && l.newReceiptNo).length,
      sent: d.lines.filter(l => l.msg === 'mail' && l.status === 'sent').length,
      stoodAside: d.lines.filter(l => l.msg === 'inbound' && l.outcome === 'in-progress').length,
    }))
    const amendedSum = share.reduce((sum, s) => sum + s.amended, 0)
    const sentSum = share.reduce((sum, s) => sum + s.sent, 0)
    console.log(`      setup ${Math.round(setupMs / 1000)} s (${REPLIES} applications under query, ${REPLIES} replies); ` +
      `${DAEMONS} daemons worked them in ${(workMs / 1000).toFixed(1)} s`)
    console.log(`      replies ${REPLIES}, outcomes ${inbound.length} (amended ${inbound.filter(r => r.outcome === 'amended').length}, ` +
      `withdrawn ${inbound.filter(r => r.outcome === 'withdrawn').length}), mails ${outbox.length}, ` +
      `at the server ${server.messages.length} (distinct Message-IDs ${atServer.size}, twice ${twice.length}), ` +
      `receipt numbers ${numbers.length} (unique ${new Set(numbers).size})`)
    console.log(`      per daemon: ${share.map((s, i) => `#${i + 1} made ${s.amended} amendments, sent ${s.sent} mails, stood aside ${s.stoodAside} times`).join('; ')}`)
    // Their own logs agree: every amendment made by exactly one daemon, every mail sent by exactly one.
    expect(amendedSum, 'amendments made, summed over the daemons').to.equal(REPLIES - REPLIES / WITHDRAW_EVERY)
    expect(sentSum, 'mails sent, summed over the daemons').to.equal(expectedMails)
    for (const [i, s] of share.entries()) expect(s.amended + s.sent, `daemon #${i + 1} did some of the work`).to.be.above(0)
    const office = nss(['status', '--json'], {env: desk.office})
    expect(office.code).to.equal(0)
    expect(office.json.total).to.equal(applications.length)
  })
})
