/**
 * What the desk keeps of mail (issue 11 point 5, docs/mail.md "What the desk keeps"): a message nobody acts
 * on keeps only its header section, size and hash, so strangers cannot grow the store; the raw text of
 * every other message and the data of every mail that can no longer be sent are purged after
 * NSS_RETENTION_DAYS by the daemon (the clock moved with libfaketime), and every reader says "purged"
 * instead of failing; a mail that may still be sent keeps its data.
 */
import {expect} from 'chai'
import {createHash, randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss, openStoreReadOnly, seededDesk} from '../support/cli'
import {applyAndQuery, daemonOnce, deliverToMaildir, editForm, formOf, buildReply, readQueryMail} from '../support/replies'
import {psql, storeEnv, TEST_STORE} from '../support/store'

const DAY = 24 * 60 * 60 * 1000

/** The bytes the store takes on disk: the SQLite file and its WAL, or the desk's PostgreSQL database. */
function storeBytes(home: string): number {
  if (TEST_STORE === 'postgres') {
    return Number(psql(`SELECT pg_database_size(current_database())`, storeEnv(home).NSS_DB).trim())
  }
  const file = path.join(home, 'nss.sqlite')
  return [file, `${file}-wal`].reduce((sum, f) => sum + (fs.statSync(f, {throwIfNoEntry: false})?.size ?? 0), 0)
}

/** A mail of about `bytes` from a stranger: a scanned "document" attached, random so nothing compresses it. */
function strangerMail(n: number, bytes: number, subject: string): Buffer {
  const attachment = randomBytes(Math.floor(bytes * 3 / 4) - 2000).toString('base64').replace(/.{76}/g, '$&\r\n')
  return Buffer.from([
    'From: Stranger <stranger@evil.example>',
    'To: NACCSセンター <nss@nss-desk.localhost>',
    `Subject: ${subject}`,
    `Message-ID: <flood.${n}.${randomBytes(6).toString('hex')}@evil.example>`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0900',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'please see the attached document',
    '--b',
    'Content-Type: application/octet-stream; name="scan.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--b--',
    '',
  ].join('\r\n'))
}

describe('what the desk keeps of mail (issue 11)', function () {
  this.timeout(240_000)

  it('twenty 10 MB mails from an unknown sender add almost nothing to the store: only their headers, size and hash are kept', async function () {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    daemonOnce(desk.home) // the store as the daemon leaves it, before the flood
    const before = storeBytes(desk.home)
    const hashes = new Map<string, {size: number; sha256: string}>()
    let total = 0
    for (let n = 0; n < 20; n++) {
      // Half name an application (unauthenticated: not its contact), half nothing (unrouted).
      const mail = strangerMail(n, 9_900_000, n % 2 === 0 ? `【${receiptNo}】ご確認ください` : 'Invoice')
      total += mail.length
      const ref = deliverToMaildir(desk.home, mail)
      hashes.set(ref, {size: mail.length, sha256: createHash('sha256').update(mail).digest('hex')})
    }
    const run = daemonOnce(desk.home)
    const outcomes = run.json.lastCycle.inbound.map((r: any) => r.outcome)
    expect(outcomes, run.stderr).to.deep.equal(Array.from({length: 20}, (_, n) => n % 2 === 0 ? 'unauthenticated' : 'unrouted'))
    const after = storeBytes(desk.home)
    const growth = after - before
    console.log(`      ${TEST_STORE}: twenty stranger mails of ${(total / 20 / 1e6).toFixed(1)} MB (${(total / 2 ** 20).toFixed(0)} MiB in all): the store grew by ${(growth / 2 ** 20).toFixed(2)} MiB`)

    const store = openStoreReadOnly(desk.home)
    try {
      const rows = store.prepare(`SELECT sourceRef, size, sha256, raw, rawKept FROM inbound_messages WHERE fromAddress = ?`).all('stranger@evil.example') as any[]
      expect(rows).to.have.length(20)
      for (const row of rows) {
        // The header section only: it ends where the body begins, and the size and hash are the whole message's.
        const kept = Buffer.from(row.raw, 'base64').toString('latin1')
        expect(row.rawKept).to.equal('headers')
        expect(kept).to.match(/^From: Stranger <stranger@evil\.example>\r\n/)
        expect(kept).to.contain('Content-Type: multipart/mixed; boundary="b"')
        expect(kept).not.to.contain('please see the attached document')
        expect(kept.length).to.be.below(1000)
        expect({size: row.size, sha256: row.sha256}).to.deep.equal(hashes.get(row.sourceRef))
      }
    } finally {
      store.close()
    }
    // What the desk holds of them is a few kilobytes. On disk the store grows at most by the room of
    // one message in flight (stored raw before it is acted on; that room is reused by the next one),
    // not by the sum: on eeb9d23 it grew by all of it (≈ 250 MiB here).
    const oneMessage = Math.ceil(10_000_000 * 4 / 3)
    expect(growth, `grew by ${growth} bytes`).to.be.below(2 * oneMessage)
  })

  it('purges the raw text of messages and the data of sent mails after NSS_RETENTION_DAYS; an unsent mail keeps its data, and the readers say "purged"', async function () {
    const desk = seededDesk()
    const ops = {NSS_HOME: desk.home}
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    // An authentic reply that cannot be acted on (its whole text is kept: it is the office's own mail),
    // and a message that cannot be parsed (kept for `nss mail reprocess`).
    const form = editForm(formOf(query.text), {操作: '修正', 'NACCS登録希望日': '2026年1月'})
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`}))
    deliverToMaildir(desk.home, '')
    const first = daemonOnce(desk.home)
    expect(first.json.lastCycle.inbound.map((r: any) => r.outcome), first.stderr).to.deep.equal(['reply-error', 'unparseable'])
    // A mail that is not sent yet: the withdrawal mail, while the mail server is down.
    const down = {NSS_SMTP_URL: 'smtp://127.0.0.1:1'}
    expect(nss(['withdraw', receiptNo, '--json'], {env: {...desk.office, ...down}}).code).to.equal(0)

    const read = () => {
      const store = openStoreReadOnly(desk.home)
      try {
        return {
          inbound: store.prepare(`SELECT id, state, outcome, raw, rawKept, size, sha256 FROM inbound_messages ORDER BY id`).all() as any[],
          outbox: store.prepare(`SELECT id, kind, status, data, dataPurgedAt FROM outbox ORDER BY id`).all() as any[],
        }
      } finally {
        store.close()
      }
    }
    const kept = read()
    expect(kept.inbound.map(m => [m.outcome, m.raw !== null, m.rawKept])).to.deep.equal([['reply-error', true, null], ['unparseable', true, null]])
    expect(kept.outbox.map(m => [m.kind, m.status])).to.deep.equal([
      ['receipt', 'sent'], ['query', 'sent'], ['reply-error', 'sent'], ['withdrawal', 'pending'],
    ])
    expect(kept.outbox.every(m => m.data.length > 100 && m.dataPurgedAt === null)).to.equal(true)

    // The daemon with the mail server still down: it exits 6 for its outbox step, and does the rest.
    const daemonAt = (days: number) => {
      const run = nss(['daemon', '--once', '--json'], {env: {...ops, ...down}, at: new Date(Date.now() + days * DAY).toISOString()})
      expect(run.code, run.stdout + run.stderr).to.equal(6)
      expect(run.json.error.issues.map((i: any) => i.path)).to.deep.equal(['outbox'])
      return run.stderr.split('\n').filter(Boolean).map(line => JSON.parse(line)).find(line => line.msg === 'mail text purged after the retention period')
    }
    // 300 days on: within the retention period, nothing is purged.
    expect(daemonAt(300)).to.equal(undefined)
    expect(read()).to.deep.equal(kept)

    // 400 days on: past it.
    expect(daemonAt(400)).to.deep.include({messages: 2, mails: 3})
    const purged = read()
    for (const [i, message] of purged.inbound.entries()) {
      expect(message).to.deep.include({raw: null, rawKept: 'nothing', size: kept.inbound[i].size, sha256: kept.inbound[i].sha256, outcome: kept.inbound[i].outcome})
    }
    expect(purged.outbox.map(m => [m.kind, m.status, m.data, m.dataPurgedAt !== null])).to.deep.equal([
      ['receipt', 'sent', '{}', true], ['query', 'sent', '{}', true], ['reply-error', 'sent', '{}', true],
      ['withdrawal', 'pending', kept.outbox[3].data, false],
    ])

    // The readers: reprocess says purged (exit 5) instead of failing; the lists mark what was purged.
    const reprocess = nss(['mail', 'reprocess', String(purged.inbound[1].id), '--json'], {env: ops})
    expect(reprocess.code, reprocess.stdout).to.equal(5)
    expect(reprocess.json.error.message).to.match(/の本文は NSS_RETENTION_DAYS（365日）を過ぎて削除されました/)
    const inbound = nss(['mail', 'inbound', '--json'], {env: ops})
    expect(inbound.json.messages.map((m: any) => m.kept)).to.deep.equal(['nothing', 'nothing'])
    const outbox = nss(['mail', 'outbox', '--json'], {env: ops})
    expect(outbox.code).to.equal(0)
    expect(outbox.json.mails.map((m: any) => m.purgedAt !== null)).to.deep.equal([false, true, true, true])
    expect(nss(['mail', 'outbox'], {env: ops}).stdout).to.contain('sent (削除済み)')
    const status = nss(['status', receiptNo, '--json'], {env: desk.office})
    expect(status.code, status.stdout).to.equal(0)
    expect(status.json.mail.map((m: any) => [m.kind, m.contentPurged ?? false])).to.deep.equal([
      ['receipt', true], ['query', true], ['reply-error', true], ['withdrawal', false],
    ])
    expect(nss(['status', receiptNo], {env: desk.office}).stdout).to.contain('（保存期間を過ぎたため本文は削除済み）')

    // The unsent mail still goes out whole once the server is back (here: the spool folder).
    const sent = nss(['mail', 'deliver', '--json'], {env: ops, at: new Date(Date.now() + 401 * DAY).toISOString()})
    expect(sent.code, sent.stdout + sent.stderr).to.equal(0)
    expect(sent.json.sent).to.equal(1)
  })

  it('refuses a bad NSS_RETENTION_DAYS with exit 6, naming it', function () {
    const desk = seededDesk()
    for (const value of ['0', 'forever', '-3', '1.5']) {
      const run = nss(['mail', 'outbox', '--json'], {env: {NSS_HOME: desk.home, NSS_RETENTION_DAYS: value}})
      expect(run.code, value).to.equal(6)
      expect(run.json.error.issues).to.deep.equal([{path: 'NSS_RETENTION_DAYS', message: '1から36500までの整数で指定してください。'}])
    }
  })
})
