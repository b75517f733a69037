/**
 * Issue 11 point 15, acceptance "power loss": every commit that precedes an effect outside the store
 * is on disk before that effect. Shown in the order of the system calls under `strace -f -y`: after a
 * power cut, a write the kernel had not flushed may be gone while a later rename survives, so each
 * effect must come after the fsync (fdatasync) of the WAL frames of the commit it follows.
 * - `nss daemon --once` over a Maildir reply: the WAL of the outcome's commit is fsynced before the
 *   reply is moved from `new/` to `cur/` (else the move could survive and the outcome not: the reply
 *   would never be read again);
 * - `nss apply`: the WAL is fsynced before the receipt number is written to stdout (else the number a
 *   script was told could be issued again), and the spool file and its folder are fsynced before the
 *   row is marked sent (the next WAL write).
 * SQLite only: PostgreSQL's WAL is flushed by the server (synchronous_commit), not by this process.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {BIN, EXAMPLES, openStoreReadOnly, ROOT, seededDesk} from '../support/cli'
import {applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, readQueryMail} from '../support/replies'
import {describeOn} from '../support/store'
import {firstFdPath, isRename, isSync, isWrite, traceCalls, TracedCall} from '../support/strace'

function nssTraced(args: string[], env: Record<string, string>) {
  const traced = traceCalls(process.execPath, [BIN, ...args], {env: {...process.env, NO_COLOR: '1', ...env}, cwd: ROOT})
  expect(traced.status, traced.stdout + traced.stderr).to.equal(0)
  return traced
}

/**
 * The WAL writes made before `effect` (at least one: the commit it follows), and the fsync of the WAL
 * that returned after the last of them and before `effect` began — or null.
 */
function walSyncBefore(calls: TracedCall[], wal: string, effect: TracedCall): {writes: TracedCall[]; sync: TracedCall | null} {
  const writes = calls.filter(c => isWrite(c) && firstFdPath(c) === wal && c.start < effect.start)
  const last = writes.at(-1)
  const sync = last ? calls.find(c => isSync(c) && firstFdPath(c) === wal && c.start > last.end && c.end < effect.start) ?? null : null
  return {writes, sync}
}

describeOn('sqlite', 'durability: the commit is on disk before its effect outside the store (issue 11, strace)', function () {
  this.timeout(180_000)

  it('fsyncs the WAL of the outcome\'s commit before nss daemon --once moves the reply from new/ to cur/', async () => {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: '停電に強い修正'})}`}))
    const home = fs.realpathSync(desk.home)

    const {calls} = nssTraced(['daemon', '--once', '--json'], desk.ops)
    const moves = calls.filter(c => isRename(c) && c.text.includes(`${home}/mail/inbox/new/`) && c.text.includes(`${home}/mail/inbox/cur/`))
    expect(moves, 'the reply is moved to cur/ once').to.have.length(1)
    const {writes, sync} = walSyncBefore(calls, path.join(home, 'nss.sqlite-wal'), moves[0])
    expect(writes.length, 'the outcome was committed to the WAL before the move').to.be.above(0)
    expect(sync, `the WAL is fsynced after its last write (line ${writes.at(-1)?.start}) and before the move (line ${moves[0].start})`).to.not.equal(null)

    const db = openStoreReadOnly(desk.home)
    try {
      expect((db.prepare('SELECT outcome FROM inbound_messages').get() as {outcome: string}).outcome).to.equal('amended')
    } finally {
      db.close()
    }
  })

  it('fsyncs the WAL before nss apply prints the receipt number, and the spool file and its folder before the row is marked sent', () => {
    const desk = seededDesk()
    const home = fs.realpathSync(desk.home)
    const wal = path.join(home, 'nss.sqlite-wal')
    const spool = path.join(home, 'mail', 'outbox')
    // Human output: its line is printed right after the commit, before the mail is tried (with --json,
    // oclif prints the result when the command has ended: after the mail, and after the store is closed).
    const {calls, stdout} = nssTraced(['apply', '--file', path.join(EXAMPLES, 'application.json')], desk.office)
    const receiptNo = /\d{7}C/.exec(stdout)![0]

    // 1. The commit of the application, then the number on stdout.
    const printed = calls.find(c => isWrite(c) && /^1</.test(c.text) && c.text.includes(receiptNo))
    expect(printed, 'the receipt number is written to stdout').to.not.equal(undefined)
    const beforePrint = walSyncBefore(calls, wal, printed!)
    expect(beforePrint.writes.length, 'the application was committed before the print').to.be.above(0)
    expect(beforePrint.sync, 'the WAL is fsynced between the commit and the print').to.not.equal(null)

    // 2. The receipt mail: the temporary file fsynced, renamed, the folder fsynced — then the mark.
    const temporary = calls.find(c => c.name === 'openat' && new RegExp(`${spool}/\\.[^"]+\\.tmp"`).test(c.text))
    expect(temporary, 'the mail is written under a temporary dot-name').to.not.equal(undefined)
    const temporaryPath = /"([^"]+\.tmp)"/.exec(temporary!.text)![1]
    const fileSync = calls.find(c => isSync(c) && firstFdPath(c) === temporaryPath)
    const rename = calls.find(c => isRename(c) && c.text.includes(temporaryPath))
    const folderSync = calls.find(c => isSync(c) && firstFdPath(c) === spool && rename !== undefined && c.start > rename.end)
    expect([fileSync, rename, folderSync].map(c => c !== undefined), 'file fsync, rename, folder fsync').to.deep.equal([true, true, true])
    expect(fileSync!.end, 'the file is fsynced before its rename').to.be.below(rename!.start)
    const mark = calls.find(c => isWrite(c) && firstFdPath(c) === wal && c.start > rename!.end)
    expect(mark, 'the row is marked in the WAL after the rename').to.not.equal(undefined)
    expect(folderSync!.end, 'the folder is fsynced before the row is marked sent').to.be.below(mark!.start)
    // And nothing was committed between the start of the mail's file and its folder's fsync.
    expect(calls.filter(c => isWrite(c) && firstFdPath(c) === wal && c.start > temporary!.start && c.start < folderSync!.end)).to.deep.equal([])

    const db = openStoreReadOnly(desk.home)
    try {
      expect((db.prepare('SELECT status FROM outbox').get() as {status: string}).status).to.equal('sent')
    } finally {
      db.close()
    }
  })
})
