/**
 * Issue 12, acceptance 3: several desk servers and daemons on one PostgreSQL store. Two `nss serve`
 * processes and one `nss daemon` share the desk's home and its database; nothing coordinates them but
 * the store (receipt numbers from the year's counter row, locked in the allocating transaction; outbox
 * rows claimed `FOR UPDATE SKIP LOCKED`: src/store/repositories.ts, claims.ts).
 *
 * Eight clients, each with a token of its own, apply 100 times each over HTTPS with keep-alive,
 * alternating between the two servers; meanwhile a few applies go through the real CLI in remote mode
 * (NSS_URL, NSS_TOKEN, NSS_CA_FILE), to each server. Each server tries an application's receipt mail
 * at once after the commit; the daemon, cycling every second, delivers whatever it finds due first.
 *
 * Mail goes to an SMTP server on loopback rather than the spool: a spool file is named after its
 * Message-ID, so a mail sent twice would leave one file and the test could not see it. The SMTP server
 * keeps every message it accepts, so "each mail sent once" is checked at the receiving end.
 *
 * Asserted: every answer 201 with a receipt number of its own, none 5xx, no mail left unsent; in the
 * store exactly the applications made, their receipt numbers unique and gapless; exactly one receipt
 * mail per application in the outbox, sent at the first attempt; at the SMTP server exactly those
 * Message-IDs, each once, to the application's contact. The wall time and applies per second are printed.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as path from 'node:path'
import {EXAMPLES, nssAsync, openStoreReadOnly, seededDesk, tempHome, writeJsonFile} from '../support/cli'
import {DaemonProcess, sleep} from '../support/daemon-process'
import {createToken, startServer, testCa, TestServer} from '../support/server'
import {TestSmtpServer} from '../support/smtp-server'
import {describeOn} from '../support/store'

const CLIENTS = 8
const APPLIES_PER_CLIENT = Number(process.env.NSS_PG_APPLIES_PER_CLIENT ?? 100)
/** Applies through the real CLI in remote mode, alternating between the servers too. */
const CLI_APPLIES = 4
/** After the last answer, the mails still in flight must be sent within this. */
const MAIL_DEADLINE_MS = 60_000
const RECEIPT_NO = /^\d{2}(?!00000)\d{5}C$/

interface Answer {
  /** Milliseconds from sending the request to the end of the answer. */
  ms: number
  status: number
  body: any
  warning: string | undefined
}

/** One POST of JSON over the client's keep-alive agent. */
function postJson(agent: https.Agent, server: TestServer, urlPath: string, token: string, body: unknown): Promise<Answer> {
  const payload = Buffer.from(JSON.stringify(body))
  const sent = performance.now()
  return new Promise((resolve, reject) => {
    const request = https.request(`${server.url}${urlPath}`, {
      method: 'POST', agent, timeout: 30_000,
      headers: {'authorization': `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length},
    }, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          parsed = text
        }
        const warning = response.headers['nss-warning']
        resolve({ms: performance.now() - sent, status: response.statusCode ?? 0, body: parsed, warning: Array.isArray(warning) ? warning.join(', ') : warning})
      })
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`no answer from ${server.url} within 30 s`)))
    request.on('error', reject)
    request.end(payload)
  })
}

/** The JSON log lines of a server (Fastify's pino lines; anything else is kept as text). */
function serverLines(server: TestServer): any[] {
  return server.log().map(line => {
    try {
      return JSON.parse(line)
    } catch {
      return {msg: line}
    }
  })
}

describeOn('postgres', 'two nss serve processes and a daemon on one PostgreSQL store (issue 12, acceptance 3)', function () {
  this.timeout(5 * 60_000)
  let smtp: TestSmtpServer

  before(async () => {
    smtp = await TestSmtpServer.start()
  })
  after(async () => {
    await DaemonProcess.killAll()
    await smtp.stop()
  })

  it(`${CLIENTS} clients × ${APPLIES_PER_CLIENT} applies through two servers: every application one unique, gapless receipt number and one receipt mail, sent once`, async () => {
    const desk = seededDesk()
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    // Every application its own contact, so each receipt mail can be matched to the application it confirms.
    const applicationFor = (contactEmail: string) => ({...example, contact: {...example.contact, email: contactEmail}})
    const mailEnv = {NSS_SMTP_URL: smtp.url()}
    // The default rate limit (3000 a minute per token, per server) is far above what one client makes here; set so the test does not depend on the default.
    const servers = [
      await startServer(desk.home, {env: {...mailEnv, NSS_API_RATE_LIMIT: '3000'}}),
      await startServer(desk.home, {env: {...mailEnv, NSS_API_RATE_LIMIT: '3000'}}),
    ]
    const daemon = new DaemonProcess({NSS_HOME: desk.home, ...mailEnv}, 0, 1)
    expect(await daemon.started(), JSON.stringify(daemon.lines.slice(-5))).to.equal(true)
    const tokens = Array.from({length: CLIENTS}, () => createToken(desk.home, {office: 'NACCS01'}).token)
    const cliToken = createToken(desk.home, {office: 'NACCS01'}).token
    const ca = fs.readFileSync(testCa().caFile)

    // The client side of the CLI: a folder with no store and no secret.key, no saved login.
    const clientFolder = tempHome()
    const cliRuns = Array.from({length: CLI_APPLIES}, (_, i) => {
      const contactEmail = `cli${i}@example.jp`
      const file = writeJsonFile(clientFolder, `application-${i}.json`, applicationFor(contactEmail))
      return {contactEmail, server: servers[i % 2], file}
    })

    const expectedContact = new Map<string, string>()
    const answers: {client: number; server: number; contactEmail: string; answer: Answer}[] = []
    const started = Date.now()
    const clients = tokens.map(async (token, client) => {
      const agent = new https.Agent({keepAlive: true, ca, maxSockets: 1})
      try {
        for (let n = 0; n < APPLIES_PER_CLIENT; n++) {
          const server = (client + n) % 2
          const contactEmail = `c${client}-${n}@example.jp`
          const answer = await postJson(agent, servers[server], '/api/v1/applications', token, applicationFor(contactEmail))
          answers.push({client, server, contactEmail, answer})
        }
      } finally {
        agent.destroy()
      }
    })
    const cli = cliRuns.map(run => nssAsync(['apply', '--file', run.file, '--json'], {
      env: {NSS_URL: run.server.url, NSS_TOKEN: cliToken, NSS_CA_FILE: testCa().caFile, NSS_HOME: undefined, NSS_DB: undefined, XDG_CONFIG_HOME: clientFolder},
    }))
    await Promise.all(clients)
    const httpMs = Date.now() - started
    const cliResults = await Promise.all(cli)
    const loadMs = Date.now() - started

    // Every answer 201 with a receipt number of its own; the CLI's the same through either server.
    const refused = answers.filter(a => a.answer.status !== 201).map(a => `client ${a.client} → server ${a.server}: ${a.answer.status} ${JSON.stringify(a.answer.body)}`)
    expect(refused.slice(0, 5), `answers not 201 (${refused.length})`).to.deep.equal([])
    expect(answers).to.have.length(CLIENTS * APPLIES_PER_CLIENT)
    for (const a of answers) {
      expect(a.answer.body.receiptNo).to.match(RECEIPT_NO)
      expect(a.answer.body.status).to.equal('received')
      expectedContact.set(a.answer.body.receiptNo, a.contactEmail)
    }
    expect(answers.filter(a => a.answer.warning).map(a => a.answer.warning), 'every receipt mail sent at once or by the daemon, none refused').to.deep.equal([])
    for (const [i, result] of cliResults.entries()) {
      expect(result.code, `nss apply through ${cliRuns[i].server.url}: ${result.stderr}`).to.equal(0)
      expect(result.stderr, 'no warning from the CLI').to.equal('')
      expect(result.json.receiptNo).to.match(RECEIPT_NO)
      expectedContact.set(result.json.receiptNo, cliRuns[i].contactEmail)
    }
    const total = CLIENTS * APPLIES_PER_CLIENT + CLI_APPLIES
    expect(expectedContact.size, 'a receipt number of its own for each apply').to.equal(total)

    // The mails still in flight (a server's attempt, or the daemon's) are sent before the processes stop.
    let outbox: any[] = []
    const mailStarted = Date.now()
    while (Date.now() - mailStarted < MAIL_DEADLINE_MS) {
      const db = openStoreReadOnly(desk.home)
      outbox = db.prepare('SELECT id, receiptNo, kind, messageId, status, attempts FROM outbox ORDER BY id').all() as any[]
      db.close()
      if (outbox.length >= total && outbox.every(o => o.status === 'sent')) break
      await sleep(500)
    }
    daemon.signal('SIGTERM')
    const [daemonExit, ...serverExits] = await Promise.all([daemon.exited, ...servers.map(s => s.stop())])
    expect(daemonExit.code, 'the daemon stops with exit 0 on SIGTERM').to.equal(0)
    expect(serverExits, 'each server stops with exit 0 on SIGTERM').to.deep.equal([0, 0])

    // In the store: exactly the applications made, their receipt numbers unique and gapless.
    const db = openStoreReadOnly(desk.home)
    const applications = db.prepare('SELECT receiptNo, status, officeCode FROM applications').all() as any[]
    const applyLog = db.prepare(`SELECT receiptNo FROM application_log WHERE item = 'apply'`).all() as any[]
    db.close()
    const numbers = applications.map(a => a.receiptNo as string)
    expect(numbers.slice().sort(), 'the store holds exactly the applications answered').to.deep.equal([...expectedContact.keys()].sort())
    expect(applications.filter(a => a.status !== 'received' || a.officeCode !== 'NACCS01')).to.deep.equal([])
    expect(new Set(numbers).size, 'receipt numbers unique').to.equal(total)
    const sequence = numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)
    expect(sequence, 'receipt numbers gapless').to.deep.equal(sequence.map((_, i) => i + 1))
    expect(applyLog.map(l => l.receiptNo).sort(), 'one apply entry in the log each').to.deep.equal(numbers.slice().sort())

    // In the outbox: one receipt mail per application, sent, at the first attempt (claimed once).
    expect(outbox.filter(o => o.kind !== 'receipt').map(o => `${o.id} ${o.kind}`), 'no mail but receipt mails').to.deep.equal([])
    expect(outbox.map(o => o.receiptNo).sort(), 'one receipt mail per application').to.deep.equal(numbers.slice().sort())
    expect(outbox.filter(o => o.status !== 'sent' || o.attempts !== 1).map(o => `${o.id} ${o.status} attempts ${o.attempts}`),
      'every mail sent at the first attempt').to.deep.equal([])

    // At the SMTP server: exactly the outbox's Message-IDs, each once, to the application's contact.
    const atServer = new Map<string, number>()
    for (const message of smtp.messages) atServer.set(message.messageId ?? '', (atServer.get(message.messageId ?? '') ?? 0) + 1)
    expect([...atServer].filter(([, n]) => n > 1).map(([id]) => id), 'no mail sent twice').to.deep.equal([])
    expect([...atServer.keys()].sort(), 'the SMTP server received exactly the outbox').to.deep.equal(outbox.map(o => o.messageId).sort())
    const misaddressed = smtp.messages.filter(m => {
      const receiptNo = /^<([^.]+)\./.exec(m.messageId ?? '')?.[1] ?? ''
      return !m.to.includes(expectedContact.get(receiptNo) ?? '(none)')
    }).map(m => `${m.messageId} → ${m.to.join(', ')}`)
    expect(misaddressed, 'each receipt mail to the contact of its application').to.deep.equal([])

    // No 5xx and no unexpected error in either server's log; each served its half.
    const served = servers.map(server => {
      const lines = serverLines(server)
      return {
        completed: lines.filter(l => l.msg === 'request completed').length,
        failed: lines.filter(l => l.res?.statusCode >= 500 || l.level >= 50).map(l => JSON.stringify(l)),
      }
    })
    for (const [i, s] of served.entries()) {
      expect(s.failed.slice(0, 3), `server #${i + 1}: 5xx answers or errors (${s.failed.length})`).to.deep.equal([])
      expect(s.completed, `server #${i + 1} answered its half`).to.be.at.least(CLIENTS * APPLIES_PER_CLIENT / 2 + CLI_APPLIES / 2)
    }
    const daemonFailures = daemon.lines.filter(l => l.level === 'error')
    expect(daemonFailures, 'the daemon logged no failure').to.deep.equal([])
    const sentByDaemon = daemon.lines.filter(l => l.msg === 'mail' && l.status === 'sent').length

    const perSecond = (CLIENTS * APPLIES_PER_CLIENT) / (httpMs / 1000)
    const latencies = answers.map(a => a.answer.ms).sort((a, b) => a - b)
    const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0)
    console.log(`      ${CLIENTS} clients × ${APPLIES_PER_CLIENT} applies over HTTPS in ${(httpMs / 1000).toFixed(1)} s (${perSecond.toFixed(1)} applies/s over both servers; ` +
      `latency p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms); with the ${CLI_APPLIES} CLI applies ${(loadMs / 1000).toFixed(1)} s`)
    console.log(`      applications ${applications.length} (receipt numbers ${sequence[0]}–${sequence[sequence.length - 1]}, unique ${new Set(numbers).size}), ` +
      `receipt mails ${outbox.length}, at the SMTP server ${smtp.messages.length} (distinct ${atServer.size}); ` +
      `sent by the servers at once ${outbox.length - sentByDaemon}, by the daemon ${sentByDaemon}`)
    console.log(`      requests answered: server #1 ${served[0].completed}, server #2 ${served[1].completed}`)
  })
})
