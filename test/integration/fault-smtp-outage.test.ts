/**
 * Issue 5, faults (SPEC §10 "a row is never lost or silently dropped"): the SMTP server goes down while
 * the mail bot works replies, stays down over several daemon runs, then comes back. The replies are
 * acted on all the same (their answers wait in the outbox), the runs that cannot deliver exit 6, and
 * once the server is back the long-running daemon delivers every waiting mail by itself — each exactly
 * once, none lost. Later runs are moved in time with faketime, past the retry backoff.
 */
import {expect} from 'chai'
import {nssAsync, openStoreReadOnly, seededDesk} from '../support/cli'
import {DaemonProcess} from '../support/daemon-process'
import {applicationsUnderQuery} from '../support/in-process'
import {buildReply, deliverToMaildir, editForm, formOf, maildirState, readQueryMail} from '../support/replies'
import {TestSmtpServer} from '../support/smtp-server'

const REPLIES = 40

describe('fault: the SMTP server down for a while, then back (SPEC §10)', function () {
  this.timeout(300_000)
  let server: TestSmtpServer

  before(async () => {
    server = await TestSmtpServer.start()
  })
  after(async () => {
    await DaemonProcess.killAll()
    await server.stop()
  })

  it('acts on the replies while it is down, keeps their answers, and delivers every one exactly once when it is back', async () => {
    const desk = seededDesk()
    const receiptNos = await applicationsUnderQuery(desk.home, REPLIES, {deliver: true})
    for (const [i, receiptNo] of receiptNos.entries()) {
      const query = await readQueryMail(desk.home, receiptNo)
      const body = i % 2 === 0 ? `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: `停止中の修正 ${i}`})}` : '取下げ'
      deliverToMaildir(desk.home, buildReply(query, {client: 'outlook', charset: 'iso-2022-jp', body}))
    }
    const env = {NSS_HOME: desk.home, NSS_SMTP_URL: server.url()}
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
    const answers = () => {
      const db = openStoreReadOnly(desk.home)
      try {
        return db.prepare(`SELECT messageId, status, attempts FROM outbox WHERE kind IN ('receipt', 'withdrawal') AND id > ? ORDER BY id`).all(2 * REPLIES) as any[]
      } finally {
        db.close()
      }
    }

    await server.stop()
    const down = [await nssAsync(['daemon', '--once', '--json'], {env}), await nssAsync(['daemon', '--once', '--json'], {env, at: later(5)})]
    for (const run of down) {
      expect(run.code, run.stdout + run.stderr).to.equal(6)
      expect(run.json.error.message).to.contain('1件の処理ができませんでした')
      expect(run.json.error.issues.map((i: any) => i.path)).to.deep.equal(['outbox'])
      expect(run.json.error.issues[0].message).to.contain('メールサーバーを使えませんでした')
    }
    expect(maildirState(desk.home).fresh, 'the replies were acted on while the server was down').to.deep.equal([])
    const waiting = answers()
    expect(waiting.map(a => a.status)).to.deep.equal(Array(REPLIES).fill('pending'))
    expect(server.messages).to.deep.equal([])

    // Back: the service, started later than every retry's backoff, delivers them without being asked.
    await server.restart()
    const daemon = new DaemonProcess(env, 30 * 60_000)
    try {
      expect(await daemon.started(), JSON.stringify(daemon.lines)).to.equal(true)
      await daemon.next(l => l.msg === 'cycle done' && l.outbox?.sent >= REPLIES)
    } finally {
      daemon.signal('SIGTERM')
      await daemon.exited
    }

    const delivered = answers()
    expect(delivered.filter(a => a.status !== 'sent')).to.deep.equal([])
    const received = server.messages.map(m => m.messageId)
    const duplicates = received.length - new Set(received).size
    const lost = delivered.filter(a => !received.includes(a.messageId)).length
    console.log(`      SMTP outage: ${REPLIES} replies acted on while the server was down, ${down.length} delivery runs exit 6 ` +
      `(attempts per mail up to ${Math.max(...waiting.map(a => a.attempts))}); back: ${received.length} mails for ${delivered.length} rows, ` +
      `duplicates ${duplicates}, lost ${lost}`)
    expect([...received].sort()).to.deep.equal(delivered.map(a => a.messageId).sort())
    expect(duplicates).to.equal(0)
    expect(lost).to.equal(0)
  })
})
