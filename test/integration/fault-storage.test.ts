/**
 * Issue 5, faults (SPEC §9 exit 6, §14 "nothing lost … bad input changes nothing"): the store on a full
 * disk and on a read-only one. The desk lives on a small tmpfs of its own (mounted here; the tests run
 * as root, as CI does), which is filled to the last page — or to a few pages short of it — and remounted
 * read-only. Every command exits 6 with a message naming the store, and nothing is half-written: once
 * the space is back, the store passes `PRAGMA integrity_check`, the failed command left no application,
 * no log line, no outbox row and no receipt number behind, and the mail the daemon could not store is
 * still in the Maildir and is acted on.
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, nssAsync, OFFICE_PASSWORD, openStoreReadOnly, REVIEWER_PASSWORD} from '../support/cli'
import {DaemonProcess} from '../support/daemon-process'
import {applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, maildirState, readQueryMail, spoolDir} from '../support/replies'
import {describeOn} from '../support/store'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const PAGE = 4096

/** What a failed command could have left half-written: counts of every table it touches, and the receipt counter. */
interface StoreState {
  integrity: string
  applications: number
  log: number
  news: number
  outbox: number
  inbound: number
  lastSequence: number
}

function readState(home: string): StoreState {
  const db = openStoreReadOnly(home)
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n
    return {
      integrity: (db.prepare('PRAGMA integrity_check').get() as {integrity_check: string}).integrity_check,
      applications: count('applications'),
      log: count('application_log'),
      news: count('news'),
      outbox: count('outbox'),
      inbound: count('inbound_messages'),
      lastSequence: (db.prepare('SELECT max(lastSequence) AS n FROM receipt_counters').get() as {n: number | null}).n ?? 0,
    }
  } finally {
    db.close()
  }
}

/** Opens and closes the store: as the last connection, SQLite checkpoints and removes the -wal and -shm files. */
function closeStoreCleanly(home: string): void {
  const Database = require('better-sqlite3') as typeof import('better-sqlite3')
  const db = new Database(path.join(home, 'nss.sqlite'), {fileMustExist: true})
  // A connection opens the WAL at its first read only; without one, closing it would clean nothing up.
  db.prepare('SELECT count(*) FROM sqlite_master').get()
  db.close()
}

/** The message of a failed `--json` command. */
function errorOf(result: CliResult): string {
  return result.json?.error?.message ?? `${result.stdout}${result.stderr}`
}

/**
 * Fills the file system of `dir` with a filler file until the kernel refuses another page, then gives
 * back `leaveBytes` (whole pages: tmpfs allocates by the page).
 */
function fillDisk(dir: string, leaveBytes = 0): string {
  const filler = path.join(dir, 'filler')
  const fd = fs.openSync(filler, 'w')
  let size = 0
  try {
    for (const chunk of [Buffer.alloc(1024 * 1024, 1), Buffer.alloc(PAGE, 1)]) {
      for (;;) {
        try {
          size += fs.writeSync(fd, chunk)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
          break
        }
      }
    }
    if (leaveBytes > 0) fs.ftruncateSync(fd, Math.max(0, size - leaveBytes))
  } finally {
    fs.closeSync(fd)
  }
  return filler
}

describeOn('sqlite', 'fault: a full disk or a read-only store (SPEC §9 exit 6, §14)', function () {
  this.timeout(300_000)
  let mountPoint: string
  let home: string
  let office: Record<string, string>
  let reviewer: Record<string, string>

  before(function () {
    mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-small-disk-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mountPoint])
    home = path.join(mountPoint, 'home')
    const ops = {NSS_HOME: home}
    const must = (result: CliResult, what: string) => expect(result.code, `${what}: ${result.stdout}${result.stderr}`).to.equal(0)
    must(nss(['init'], {env: ops}), 'init')
    must(nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: ops}), 'import')
    must(nss(['office', 'passwd', 'NACCS01'], {env: {...ops, NSS_PASSWORD: OFFICE_PASSWORD}}), 'passwd')
    must(nss(['reviewer', 'add', 'r.sato', '--name', '佐藤 花子'], {env: {...ops, NSS_PASSWORD: REVIEWER_PASSWORD}}), 'reviewer')
    office = {...ops, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD}
    reviewer = {...ops, NSS_REVIEWER: 'r.sato', NSS_PASSWORD: REVIEWER_PASSWORD}
  })

  after(async function () {
    await DaemonProcess.killAll()
    try {
      execFileSync('umount', [mountPoint])
    } catch {
      execFileSync('umount', ['-l', mountPoint])
    }
    fs.rmdirSync(mountPoint)
  })

  afterEach(function () {
    // Whatever a test did, the disk is writable and has room again for the next one.
    execFileSync('mount', ['-o', 'remount,rw', mountPoint])
    fs.rmSync(path.join(mountPoint, 'filler'), {force: true})
  })

  it('refuses apply and the daemon with exit 6 on a full disk, writes nothing, and loses no reply: it is acted on once there is room', async function () {
    const receiptNo = applyAndQuery({office, reviewer})
    const query = await readQueryMail(home, receiptNo)
    const reply = deliverToMaildir(home, buildReply(query, {
      client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: '満杯の後で'})}`,
    }))
    const before = readState(home)
    // The last connection closing checkpoints the WAL and removes it and the shared-memory file: the
    // next command must create both on the full disk.
    closeStoreCleanly(home)
    expect(fs.existsSync(path.join(home, 'nss.sqlite-shm'))).to.equal(false)

    const filler = fillDisk(mountPoint)
    const applied = nss(['apply', '--file', APPLICATION, '--json'], {env: office})
    const daemon = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: home}})
    fs.rmSync(filler)

    expect(applied.code, errorOf(applied)).to.equal(6)
    expect(errorOf(applied)).to.match(/\bstore\b|ストア/)
    expect(daemon.code, errorOf(daemon)).to.equal(6)
    expect(errorOf(daemon)).to.match(/\bstore\b|ストア/)
    const after = readState(home)
    expect(after).to.deep.equal(before)
    expect(after.integrity).to.equal('ok')
    expect(maildirState(home).fresh, 'the reply is still waiting in the Maildir').to.deep.equal([reply])

    const recovered = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: home}})
    expect(recovered.code, errorOf(recovered)).to.equal(0)
    expect(recovered.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo])).to.deep.equal([['amended', receiptNo]])
    const next = nss(['apply', '--file', APPLICATION, '--json'], {env: office})
    expect(next.code, errorOf(next)).to.equal(0)
    // The failed apply took no number: the next one is the one after the amendment's.
    expect(Number(next.json.receiptNo.slice(2, 7))).to.equal(before.lastSequence + 2)
    console.log(`      full disk, no -wal/-shm yet: apply exit ${applied.code} (${errorOf(applied)}); daemon --once exit ${daemon.code}; ` +
      `after freeing: integrity ${after.integrity}, rows unchanged, reply ${recovered.json.lastCycle.inbound[0].outcome}`)
  })

  it('says the disk is full (SQLITE_FULL) when it fills while the daemon holds the store open; the daemon lives on and works when there is room', async function () {
    const receiptNo = applyAndQuery({office, reviewer})
    const query = await readQueryMail(home, receiptNo)
    const daemon = new DaemonProcess({NSS_HOME: home, NSS_LOG_LEVEL: 'debug'}, 0)
    try {
      expect(await daemon.started(), JSON.stringify(daemon.lines)).to.equal(true)
      // Its first cycle done (a debug line when idle): it holds the store open and waits for mail.
      await daemon.next(l => l.msg === 'cycle done')
      const before = readState(home)

      const filler = fillDisk(mountPoint)
      const applied = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: office})
      const withdrawn = await nssAsync(['withdraw', receiptNo, '--json'], {env: office})
      fs.rmSync(filler)

      expect(applied.code, errorOf(applied)).to.equal(6)
      expect(errorOf(applied)).to.contain('ストアのディスクがいっぱいです')
      expect(withdrawn.code, errorOf(withdrawn)).to.equal(6)
      expect(readState(home)).to.deep.equal(before)

      deliverToMaildir(home, buildReply(query, {client: 'thunderbird', charset: 'iso-2022-jp', body: '取下げ'}))
      expect(await daemon.next(l => l.msg === 'inbound' && l.receiptNo === receiptNo), JSON.stringify(daemon.lines))
        .to.include({outcome: 'withdrawn', receiptNo})
      console.log(`      full disk, daemon running: apply exit ${applied.code} (${errorOf(applied)}), withdraw exit ${withdrawn.code}; ` +
        `the daemon then withdrew ${receiptNo} by mail`)
    } finally {
      daemon.signal('SIGTERM')
      await daemon.exited
    }
  })

  it('leaves either the whole application or nothing at every fill level, never half of one', function () {
    const outcomes: string[] = []
    for (let pages = 0; pages <= 24; pages += 2) {
      const before = readState(home)
      const filler = fillDisk(mountPoint, pages * PAGE)
      const applied = nss(['apply', '--file', APPLICATION, '--json'], {env: office})
      fs.rmSync(filler)
      const after = readState(home)
      expect(after.integrity, `${pages} pages free`).to.equal('ok')
      expect(applied.code, `${pages} pages free: ${errorOf(applied)}`).to.be.oneOf([0, 6])
      const change = applied.code === 0 ? 1 : 0
      // An application is its row, its log line, its receipt mail and its number — all or none.
      expect(after, `${pages} pages free, exit ${applied.code}`).to.deep.equal({
        ...before, applications: before.applications + change, log: before.log + change, outbox: before.outbox + change,
        lastSequence: before.lastSequence + change,
      })
      outcomes.push(`${pages}p:${applied.code}`)
    }
    // The spool folder holds whole messages only: no temporary file left by a write that failed.
    expect(fs.readdirSync(spoolDir(home)).filter(name => name.startsWith('.'))).to.deep.equal([])
    console.log(`      fill levels (free pages:exit) ${outcomes.join(' ')}`)
    expect(outcomes.some(o => o.endsWith(':6')), 'the disk was full for some').to.equal(true)
  })

  it('refuses apply, amend and the daemon with exit 6 on a read-only store, and writes nothing', async function () {
    const receiptNo = applyAndQuery({office, reviewer})
    const query = await readQueryMail(home, receiptNo)
    deliverToMaildir(home, buildReply(query, {client: 'iphone', charset: 'utf-8-qp', body: '取下げ'}))
    const before = readState(home)
    const patch = path.join(home, 'patch.json')
    fs.writeFileSync(patch, JSON.stringify({remarks: '読み取り専用'}))

    // Read-only twice: with the -wal/-shm files a previous process left, and without them (cleanly closed).
    execFileSync('mount', ['-o', 'remount,ro', mountPoint])
    const applied = nss(['apply', '--file', APPLICATION, '--json'], {env: office})
    const amended = nss(['amend', receiptNo, '--file', patch, '--json'], {env: office})
    execFileSync('mount', ['-o', 'remount,rw', mountPoint])
    closeStoreCleanly(home)
    execFileSync('mount', ['-o', 'remount,ro', mountPoint])
    const appliedClean = nss(['apply', '--file', APPLICATION, '--json'], {env: office})
    const daemon = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: home}})
    execFileSync('mount', ['-o', 'remount,rw', mountPoint])

    for (const [what, result] of Object.entries({apply: applied, amend: amended, 'apply (no -wal/-shm)': appliedClean, 'daemon --once': daemon})) {
      expect(result.code, `${what}: ${errorOf(result)}`).to.equal(6)
      expect(errorOf(result), what).to.match(/\bstore\b|ストア/)
    }
    expect(readState(home)).to.deep.equal(before)
    expect(maildirState(home).fresh).to.have.length(1)
    console.log(`      read-only store: apply exit ${applied.code} (${errorOf(applied)}), amend exit ${amended.code}; ` +
      `without -wal/-shm: apply exit ${appliedClean.code} (${errorOf(appliedClean)}), daemon --once exit ${daemon.code} ` +
      `(${errorOf(daemon)}); nothing written`)
  })
})
