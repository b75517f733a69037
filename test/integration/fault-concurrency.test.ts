/**
 * Issue 5, faults (SPEC §4 optimistic locking, §5, §13): eight CLI processes apply, get queried and
 * amend at once while the long-running `nss daemon` works replies from its Maildir and every process
 * sends its mails over real SMTP to a loopback server. No SQLITE_BUSY (or "locked") reaches anyone,
 * receipt numbers stay unique and gapless, and no update is lost: eight concurrent amendments of one
 * application — and a reply mail amending it at the same time — have exactly one winner, the others
 * exit 5 (the mail gets its reply-error), and the winner's change is the one stored. Every mail goes out
 * exactly once.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nssAsync, openStoreReadOnly, seededDesk, writeJsonFile} from '../support/cli'
import {DaemonProcess, sleep} from '../support/daemon-process'
import {applicationsUnderQuery} from '../support/in-process'
import {buildReply, deliverToMaildir, editForm, formOf, maildirState, readQueryMail, SEED_NOTICE} from '../support/replies'
import {TestSmtpServer} from '../support/smtp-server'

const WORKERS = 8
const ROUNDS = 2
/** Applications that eight processes amend at the same moment; a reply mail joins the last race. */
const CONTESTED = 3
/** Replies the daemon works meanwhile (amendments of applications of their own). */
const BACKGROUND_REPLIES = 24
const APPLICATION = path.join(EXAMPLES, 'application.json')
const STORE_BUSY = /SQLITE_BUSY|SQLITE_LOCKED|locked/i

describe('fault: 8 CLI processes applying and amending while nss daemon runs (SPEC §4, §5, §13)', function () {
  this.timeout(600_000)
  let server: TestSmtpServer

  before(async () => {
    server = await TestSmtpServer.start()
  })
  after(async () => {
    await DaemonProcess.killAll()
    await server.stop()
  })

  it('never shows SQLITE_BUSY, keeps receipt numbers unique and gapless, and lets exactly one of concurrent amendments win', async () => {
    const desk = seededDesk()
    // Applications under query for the daemon's replies and for the contested amendments, made in
    // process; their query mails go to the spool folder, for the replies to be built from.
    const underQuery = await applicationsUnderQuery(desk.home, BACKGROUND_REPLIES + CONTESTED, {deliver: true})
    const setupMails = countRows(desk.home, 'SELECT count(*) AS n FROM outbox')
    const background = underQuery.slice(0, BACKGROUND_REPLIES)
    const contested = underQuery.slice(BACKGROUND_REPLIES)
    const replyOf = async (receiptNo: string, remarks: string) => {
      const query = await readQueryMail(desk.home, receiptNo)
      return buildReply(query, {client: 'outlook', charset: 'shift_jis', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: remarks})}`})
    }
    const contestedReplies = await Promise.all(contested.map(receiptNo => replyOf(receiptNo, `メールで修正 ${receiptNo}`)))
    for (const receiptNo of background) deliverToMaildir(desk.home, await replyOf(receiptNo, `背景の修正 ${receiptNo}`))

    const smtp = {NSS_SMTP_URL: server.url()}
    const office = {...desk.office, ...smtp}
    const reviewer = {...desk.reviewer, ...smtp}
    const daemon = new DaemonProcess({NSS_HOME: desk.home, ...smtp}, 0)
    const calls: Array<{what: string; result: CliResult}> = []
    const run = async (what: string, args: string[], env: Record<string, string>) => {
      const result = await nssAsync([...args, '--json'], {env})
      calls.push({what, result})
      return result
    }
    try {
      expect(await daemon.started(), JSON.stringify(daemon.lines)).to.equal(true)

      // 1. Eight processes, each applying, being queried and amending its own application, three times.
      const workers = await Promise.all(Array.from({length: WORKERS}, async (_, w) => {
        const rounds: Array<{applied: string; amended: string; remarks: string}> = []
        for (let r = 0; r < ROUNDS; r++) {
          const applied = await run('apply', ['apply', '--file', APPLICATION], office)
          expect(applied.code, applied.stdout + applied.stderr).to.equal(0)
          const receiptNo = applied.json.receiptNo
          const queried = await run('review --query', ['review', receiptNo, '--query', SEED_NOTICE], reviewer)
          expect(queried.code, queried.stdout + queried.stderr).to.equal(0)
          const remarks = `worker ${w} round ${r}`
          const patch = writeJsonFile(desk.home, `patch-${w}-${r}.json`, {remarks})
          const amended = await run('amend', ['amend', receiptNo, '--file', patch], office)
          expect(amended.code, amended.stdout + amended.stderr).to.equal(0)
          rounds.push({applied: receiptNo, amended: amended.json.receiptNo, remarks})
        }
        return rounds
      }))

      // 2. Eight processes amend one application at the same moment; in the last race a reply mail asking
      //    the same arrives while they start.
      const races: Array<{receiptNo: string; results: CliResult[]; remarks: string[]; withMail: boolean}> = []
      for (const [c, receiptNo] of contested.entries()) {
        const withMail = c === CONTESTED - 1
        const remarks = Array.from({length: WORKERS}, (_, p) => `process ${p} on ${receiptNo}`)
        const patches = remarks.map((text, p) => writeJsonFile(desk.home, `race-${c}-${p}.json`, {remarks: text}))
        const racing = Promise.all(patches.map(patch => run('contested amend', ['amend', receiptNo, '--file', patch], office)))
        if (withMail) {
          await sleep(700)
          deliverToMaildir(desk.home, contestedReplies[c])
        }
        races.push({receiptNo, results: await racing, remarks, withMail})
      }

      // The daemon has read every reply before it is stopped.
      for (let waited = 0; maildirState(desk.home).fresh.length > 0; waited += 100) {
        expect(waited, 'the daemon reads the replies').to.be.below(120_000)
        await sleep(100)
      }
      daemon.signal('SIGTERM')
      expect((await daemon.exited).code, JSON.stringify(daemon.lines.slice(-5))).to.equal(0)
      const settle = await nssAsync(['daemon', '--once', '--json'], {env: {NSS_HOME: desk.home, ...smtp}})
      expect(settle.code, settle.stdout + settle.stderr).to.equal(0)

      // No store error reached a user or the daemon's log.
      const busy = calls.filter(c => STORE_BUSY.test(c.result.stderr + c.result.stdout))
      expect(busy.map(c => `${c.what}: ${c.result.stderr}${c.result.stdout}`)).to.deep.equal([])
      expect(daemon.lines.filter(l => STORE_BUSY.test(JSON.stringify(l)))).to.deep.equal([])
      expect(daemon.lines.filter(l => l.level === 'error')).to.deep.equal([])

      const db = openStoreReadOnly(desk.home)
      try {
        const applications = db.prepare('SELECT receiptNo, status, supersedes, supersededBy, remarks FROM applications').all() as any[]
        const byReceipt = new Map(applications.map(a => [a.receiptNo, a]))
        const inbound = db.prepare('SELECT state, outcome, receiptNo FROM inbound_messages').all() as any[]
        const outbox = db.prepare('SELECT id, messageId, status FROM outbox ORDER BY id').all() as any[]

        // Receipt numbers: unique, and the sequences 1..N of one year without a gap (no rolled-back number used).
        const numbers = applications.map(a => a.receiptNo)
        expect(new Set(numbers).size).to.equal(numbers.length)
        expect(numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)).to.deep.equal(numbers.map((_, i) => i + 1))
        const returned = calls.filter(c => c.result.code === 0 && /^(apply|amend|contested amend)$/.test(c.what)).map(c => c.result.json.receiptNo)
        expect(new Set(returned).size, 'every number a process was given is its own').to.equal(returned.length)

        // The workers' amendments: each stored with its own remarks, the original superseded by it.
        for (const {applied, amended, remarks} of workers.flat()) {
          expect([byReceipt.get(applied).status, byReceipt.get(applied).supersededBy]).to.deep.equal(['superseded', amended])
          expect([byReceipt.get(amended).supersedes, byReceipt.get(amended).remarks]).to.deep.equal([applied, remarks])
        }

        // The races: one winner (a process, or the reply mail), the rest refused with 5, the winner's change stored.
        let refused = 0
        let mailWins = 0
        for (const race of races) {
          const original = byReceipt.get(race.receiptNo)
          const successors = applications.filter(a => a.supersedes === race.receiptNo)
          expect(successors.map(s => s.receiptNo), `one successor of ${race.receiptNo}`).to.deep.equal([original.supersededBy])
          const codes = race.results.map(r => r.code)
          expect(codes.every(code => code === 0 || code === 5), race.results.map(r => r.stdout).join('\n')).to.equal(true)
          refused += codes.filter(code => code === 5).length
          const winners = race.results.flatMap((r, p) => (r.code === 0 ? [p] : []))
          const reply = inbound.find(m => m.receiptNo === race.receiptNo)
          expect(Boolean(reply), `a reply only in the race with a mail (${race.receiptNo})`).to.equal(race.withMail)
          if (winners.length === 0) {
            mailWins++
            expect(reply.outcome, 'the reply mail won').to.equal('amended')
            expect(successors[0].remarks).to.equal(`メールで修正 ${race.receiptNo}`)
          } else {
            expect(winners, `exactly one process won ${race.receiptNo}`).to.have.length(1)
            if (reply) expect(reply.outcome, 'the reply lost to a process').to.equal('reply-error')
            expect(race.results[winners[0]].json.receiptNo).to.equal(original.supersededBy)
            expect(successors[0].remarks).to.equal(race.remarks[winners[0]])
          }
          for (const loser of race.results.filter(r => r.code === 5)) expect(loser.json.error.code).to.equal('conflict')
        }

        // The daemon: every reply one outcome; the background ones amended.
        expect(inbound.length).to.equal(BACKGROUND_REPLIES + 1)
        expect(inbound.every(m => m.state === 'done')).to.equal(true)
        for (const receiptNo of background) expect(inbound.find(m => m.receiptNo === receiptNo)?.outcome, receiptNo).to.equal('amended')

        // Every mail out, each exactly once (no process died here: not even a resend).
        const sent = outbox.slice(setupMails)
        expect(sent.filter(o => o.status !== 'sent')).to.deep.equal([])
        expect(server.messages.map(m => m.messageId).sort()).to.deep.equal(sent.map(o => o.messageId).sort())

        console.log(`      ${calls.length} CLI calls by ${WORKERS} processes (${calls.filter(c => c.result.code === 0).length} exit 0, ` +
          `${refused} exit 5) while the daemon read ${inbound.length} replies; ${applications.length} receipt numbers, ` +
          `${new Set(numbers).size} distinct; ${CONTESTED} races of ${WORKERS} amendments: ${CONTESTED - mailWins} won by a process, ` +
          `${mailWins} by the reply mail; lost updates 0; SQLITE_BUSY seen ${busy.length}; ${server.messages.length} mails for ${sent.length} outbox rows`)
        expect(refused, 'every loser of a race exits 5').to.equal(CONTESTED * WORKERS - (CONTESTED - mailWins))
      } finally {
        db.close()
      }
    } finally {
      daemon.kill9()
    }
  })
})

function countRows(home: string, sql: string): number {
  const db = openStoreReadOnly(home)
  try {
    return (db.prepare(sql).get() as {n: number}).n
  } finally {
    db.close()
  }
}
