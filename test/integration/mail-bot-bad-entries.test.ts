/**
 * One bad message never blocks the inbox, and Maildir entries are not trusted (issue 11 points 3, 4,
 * and the Maildir part of 15). Each case puts the bad entry first and a valid reply behind it: on
 * eeb9d23 each aborted the whole inbound step of every cycle (or, for a link, stored what it pointed
 * to), and the reply behind was never read.
 *
 * - a name with no room for `:2,S` in `cur/` (ENAMETOOLONG on the move, after the outcome committed);
 * - a name in `cur/` taken by a directory (EISDIR on the move), and `failed/` taken too;
 * - a file the daemon cannot read (EACCES): tests run as root, which permission bits do not stop, so
 *   the daemon runs under `setpriv --bounding-set=-dac_override,-dac_read_search`: still uid 0 (the
 *   owner of the store and of NSS_HOME), but without the capabilities that let root ignore a mode 000;
 * - a symbolic link to `$NSS_HOME/secret.key`, a FIFO, a directory, a dangling link in `new/`;
 * - the folders of a move are fsynced after it (strace of the daemon).
 * The IMAP case (a message expunged between listing and fetching) is in imap-source.test.ts.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {BIN, CliResult, nss, openStoreReadOnly, ROOT, seededDesk} from '../support/cli'
import {applicationsUnderQuery} from '../support/in-process'
import {buildReply, daemonOnce, deliverToMaildir, editForm, formOf, inboxOf, readQueryMail, SentMail, sentMailsOf, statusOf} from '../support/replies'
import {storeEnv, TEST_STORE} from '../support/store'

function amendingReply(query: SentMail, remarks: string): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: remarks})
  return buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`})
}

/** Two applications under query and an amending reply to each. */
async function twoReplies(home: string): Promise<{receiptNos: string[]; replies: Buffer[]}> {
  const receiptNos = await applicationsUnderQuery(home, 2, {deliver: true})
  const replies = [amendingReply(await readQueryMail(home, receiptNos[0]), '一通目'), amendingReply(await readQueryMail(home, receiptNos[1]), '二通目')]
  return {receiptNos, replies}
}

/** Delivers in this order, each a little older than the next (list() reads the oldest first). */
function deliverInOrder(home: string, entries: Array<{name: string; raw?: Buffer; make?: (file: string) => void}>): void {
  const base = Date.now() / 1000 - 600
  entries.forEach((entry, i) => {
    const file = path.join(inboxOf(home), 'new', entry.name)
    if (entry.raw) deliverToMaildir(home, entry.raw, entry.name)
    else {
      fs.mkdirSync(path.dirname(file), {recursive: true})
      entry.make!(file)
    }
    fs.lutimesSync(file, base + i, base + i)
  })
}

function list(home: string, dir: string): string[] {
  const folder = path.join(inboxOf(home), dir)
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []
}

/** `nss daemon --once --json` with a wrapper command in front (setpriv, strace) and a time limit. */
function daemonUnder(home: string, wrapper: string[], timeoutMs = 60_000): CliResult {
  const env = {...process.env, NO_COLOR: '1', NSS_HOME: home, ...storeEnv(home)}
  const result = spawnSync(wrapper[0], [...wrapper.slice(1), process.execPath, BIN, 'daemon', '--once', '--json'], {
    env, encoding: 'utf8', cwd: ROOT, timeout: timeoutMs,
  })
  if (result.error) throw result.error
  let json: any
  try {
    json = JSON.parse(result.stdout)
  } catch {
    json = undefined
  }
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json}
}

/**
 * As root: uid 0 without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, for which mode 000 holds while the
 * 0600 files it owns (the store, the key) stay its own. As anyone else, mode 000 holds already.
 */
const withoutDacOverride = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : ['env']

function failedMessages(home: string): any[] {
  const listed = nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: home}})
  expect(listed.code, listed.stderr).to.equal(0)
  return listed.json.messages
}

function outcomesOf(run: CliResult): string[] {
  return run.json.lastCycle.inbound.map((r: any) => r.outcome)
}

describe('mail bot: one bad message never blocks the inbox (issue 11 point 3)', function () {
  this.timeout(180_000)

  it('acts once on a reply whose Maildir name leaves no room for :2,S, files it in cur/, and reads the reply behind it', async function () {
    const desk = seededDesk()
    const {receiptNos, replies} = await twoReplies(desk.home)
    // 252 bytes: new/ takes it, cur/ cannot take it with `:2,S` (256 > NAME_MAX 255).
    const long = `${Math.floor(Date.now() / 1000)}.M1P1Q1.`.padEnd(252, 'x')
    expect(Buffer.byteLength(long)).to.equal(252)
    deliverInOrder(desk.home, [{name: long, raw: replies[0]}, {name: 'behind.test', raw: replies[1]}])

    const first = daemonOnce(desk.home)
    expect(outcomesOf(first), first.stderr).to.deep.equal(['amended', 'amended'])
    expect(list(desk.home, 'new')).to.deep.equal([])
    const done = list(desk.home, 'cur')
    expect(done).to.have.length(2)
    expect(done.every(name => Buffer.byteLength(name) <= 255 && name.endsWith(':2,S'))).to.equal(true)
    expect(done.some(name => name.startsWith(long.slice(0, 200)))).to.equal(true)
    // Acted on once: one new receipt number each, and a second cycle has nothing to read.
    expect(statusOf(desk, receiptNos[0]).status).to.equal('superseded')
    expect(statusOf(desk, receiptNos[1]).status).to.equal('superseded')
    expect(daemonOnce(desk.home).json.lastCycle.inbound).to.deep.equal([])
    expect(failedMessages(desk.home)).to.deep.equal([])
  })

  it('never acts twice on a reply whose move to cur/ fails after its outcome committed: it is set aside in failed/, or skipped', async function () {
    const desk = seededDesk()
    const {receiptNos, replies} = await twoReplies(desk.home)
    const third = amendingReply(await readQueryMail(desk.home, (await applicationsUnderQuery(desk.home, 1, {deliver: true}))[0]), '三通目')
    // The name the first reply would take in cur/ is a directory already: rename(2) fails with EISDIR.
    fs.mkdirSync(path.join(inboxOf(desk.home), 'cur', 'blocked.test:2,S', 'inside'), {recursive: true})
    // The third reply can go neither to cur/ nor to failed/.
    fs.mkdirSync(path.join(inboxOf(desk.home), 'cur', 'stuck.test:2,S', 'inside'), {recursive: true})
    fs.mkdirSync(path.join(inboxOf(desk.home), 'failed', 'stuck.test', 'inside'), {recursive: true})
    deliverInOrder(desk.home, [{name: 'blocked.test', raw: replies[0]}, {name: 'stuck.test', raw: third}, {name: 'behind.test', raw: replies[1]}])

    const first = daemonOnce(desk.home)
    expect(outcomesOf(first), first.stderr).to.deep.equal(['amended', 'amended', 'amended'])
    expect(first.stderr).to.contain('inbound message not filed in its source').and.contain('EISDIR')
    expect(list(desk.home, 'new')).to.deep.equal(['stuck.test'])
    expect(list(desk.home, 'failed')).to.deep.equal(['blocked.test', 'stuck.test'])
    expect(fs.statSync(path.join(inboxOf(desk.home), 'failed', 'blocked.test')).isFile()).to.equal(true)
    const inbound = nss(['mail', 'inbound', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    const blocked = inbound.find((m: any) => m.sourceRef === 'blocked.test')
    expect(blocked).to.deep.include({state: 'done', outcome: 'amended'})
    expect(blocked.detail).to.contain('not moved to cur/ (EISDIR').and.contain('set aside in failed/')
    expect(inbound.find((m: any) => m.sourceRef === 'stuck.test').detail).to.contain('left in new/')

    // The next run reads the stuck one again and knows it: nothing is acted on twice.
    const newNumbers = (await Promise.all(receiptNos.map(n => statusOf(desk, n)))).map(s => s.supersededBy)
    daemonOnce(desk.home)
    daemonOnce(desk.home)
    for (const [i, receiptNo] of receiptNos.entries()) {
      expect(statusOf(desk, receiptNo)).to.deep.include({status: 'superseded', supersededBy: newNumbers[i]})
      expect(await sentMailsOf(desk.home, newNumbers[i], 'receipt')).to.have.length(1)
    }
    const db = openStoreReadOnly(desk.home)
    try {
      const amended = db.prepare(`SELECT COUNT(*) AS n FROM inbound_messages WHERE outcome = 'amended'`).get() as {n: number | string}
      expect(Number(amended.n)).to.equal(3)
      const applications = db.prepare(`SELECT COUNT(*) AS n FROM applications`).get() as {n: number | string}
      expect(Number(applications.n)).to.equal(6)
    } finally {
      db.close()
    }
  })

  it('records a Maildir file the daemon cannot read (EACCES) as unreadable, sets it aside, reads the reply behind it, and reprocesses it once readable', async function () {
    const desk = seededDesk()
    const {receiptNos, replies} = await twoReplies(desk.home)
    deliverInOrder(desk.home, [{name: 'locked.test', raw: replies[0]}, {name: 'behind.test', raw: replies[1]}])
    const locked = path.join(inboxOf(desk.home), 'new', 'locked.test')
    fs.chmodSync(locked, 0o000)

    const run = daemonUnder(desk.home, withoutDacOverride)
    expect(run.code, run.stdout + run.stderr).to.equal(0)
    expect(outcomesOf(run)).to.deep.equal(['unreadable', 'amended'])
    expect(statusOf(desk, receiptNos[0]).status).to.equal('query')
    expect(statusOf(desk, receiptNos[1]).status).to.equal('superseded')
    expect(list(desk.home, 'new')).to.deep.equal([])
    expect(list(desk.home, 'failed')).to.deep.equal(['locked.test'])
    const failed = failedMessages(desk.home)
    expect(failed.map((m: any) => [m.sourceRef, m.state, m.kind, m.outcome])).to.deep.equal([['locked.test', 'failed', 'unreadable', 'unreadable']])
    expect(failed[0].detail).to.contain('EACCES')
    expect(nss(['mail', 'inbound', '--failed'], {env: {NSS_HOME: desk.home}}).stdout).to.contain('unreadable')

    // Set aside: the next cycle does not read it again.
    const again = daemonUnder(desk.home, withoutDacOverride)
    expect(again.json.lastCycle.inbound, again.stderr).to.deep.equal([])

    // The operator fixes the mode: `nss mail reprocess` reads it from failed/ and acts on it.
    fs.chmodSync(path.join(inboxOf(desk.home), 'failed', 'locked.test'), 0o600)
    const done = nss(['mail', 'reprocess', String(failed[0].id), '--json'], {env: {NSS_HOME: desk.home}})
    expect(done.code, done.stdout + done.stderr).to.equal(0)
    expect(done.json).to.deep.include({outcome: 'amended', receiptNo: receiptNos[0]})
    expect(statusOf(desk, done.json.newReceiptNo).remarks).to.equal('一通目')
    expect(failedMessages(desk.home)).to.deep.equal([])
  })
})

describe('mail bot: Maildir entries are not trusted (issue 11 point 4)', function () {
  this.timeout(180_000)

  it('never follows a link in new/ (the key stays out of the store), never opens a FIFO, and records and sets aside a link, a FIFO, a directory and a dangling link', async function () {
    const desk = seededDesk()
    const {receiptNos, replies} = await twoReplies(desk.home)
    const keyFile = path.join(desk.home, 'secret.key')
    const key = fs.readFileSync(keyFile)
    expect(key.length).to.be.above(32)
    deliverInOrder(desk.home, [
      {name: 'link.test', make: file => fs.symlinkSync(keyFile, file)},
      {name: 'fifo.test', make: file => expect(spawnSync('mkfifo', [file]).status).to.equal(0)},
      {name: 'folder.test', make: file => fs.mkdirSync(file)},
      {name: 'dangling.test', make: file => fs.symlinkSync(path.join(desk.home, 'no-such-file'), file)},
      {name: 'behind.test', raw: replies[0]},
    ])

    // A daemon that opened the FIFO would wait for a writer forever: the time limit ends it.
    const run = daemonUnder(desk.home, ['env'], 60_000)
    expect(run.code, run.stdout + run.stderr).to.equal(0)
    expect(outcomesOf(run)).to.deep.equal(['not-a-file', 'not-a-file', 'not-a-file', 'not-a-file', 'amended'])
    expect(statusOf(desk, receiptNos[0]).status).to.equal('superseded')
    expect(list(desk.home, 'new')).to.deep.equal([])
    expect(list(desk.home, 'failed')).to.deep.equal(['dangling.test', 'fifo.test', 'folder.test', 'link.test'])
    // Moved as they are: the link is still a link, the key where it was.
    expect(fs.lstatSync(path.join(inboxOf(desk.home), 'failed', 'link.test')).isSymbolicLink()).to.equal(true)
    expect(fs.readFileSync(keyFile).equals(key)).to.equal(true)

    const failed = failedMessages(desk.home)
    const byRef = new Map(failed.map((m: any) => [m.sourceRef, m]))
    expect([...byRef.keys()].sort()).to.deep.equal(['dangling.test', 'fifo.test', 'folder.test', 'link.test'])
    expect(failed.every((m: any) => m.state === 'failed' && m.kind === 'not-a-file' && m.outcome === 'not-a-file')).to.equal(true)
    expect(byRef.get('link.test').detail).to.contain('symbolic link')
    expect(byRef.get('fifo.test').detail).to.contain('FIFO')
    expect(byRef.get('folder.test').detail).to.contain('directory')

    // The key's bytes are nowhere in the store: not in any row, not in the database files.
    const needles = [key, key.subarray(0, 32), Buffer.from(key.toString('base64').slice(0, 40)), Buffer.from(key.subarray(0, 30).toString('base64'))]
    const db = openStoreReadOnly(desk.home)
    try {
      const rows = db.prepare('SELECT * FROM inbound_messages').all() as Array<Record<string, unknown>>
      expect(rows).to.have.length(5)
      for (const row of rows) {
        const text = Buffer.from(JSON.stringify(row))
        const raw = typeof row.raw === 'string' ? Buffer.from(row.raw, 'base64') : Buffer.alloc(0)
        for (const needle of needles) expect(text.includes(needle) || raw.includes(needle), `row ${row.id}`).to.equal(false)
      }
    } finally {
      db.close()
    }
    if (TEST_STORE === 'sqlite') {
      for (const file of fs.readdirSync(desk.home).filter(name => name.startsWith('nss.sqlite'))) {
        const bytes = fs.readFileSync(path.join(desk.home, file))
        for (const needle of needles) expect(bytes.includes(needle), file).to.equal(false)
      }
    }

    // Reprocessing one still not a file changes nothing: exit 2.
    const refused = nss(['mail', 'reprocess', String(byRef.get('link.test').id), '--json'], {env: {NSS_HOME: desk.home}})
    expect(refused.code, refused.stdout + refused.stderr).to.equal(2)
    expect(refused.json.error.message).to.contain('symbolic link')
    expect(daemonOnce(desk.home).json.lastCycle.inbound).to.deep.equal([])
  })
})

describe('mail bot: a move in the Maildir is durable (issue 11 point 15)', function () {
  this.timeout(180_000)

  it('fsyncs cur/ and new/ after moving a reply from new/ to cur/', async function () {
    const desk = seededDesk()
    const {replies} = await twoReplies(desk.home)
    deliverInOrder(desk.home, [{name: 'durable.test', raw: replies[0]}])
    const trace = path.join(desk.home, 'strace.txt')
    const run = daemonUnder(desk.home, ['strace', '-f', '-qq', '-o', trace, '-e', 'trace=openat,rename,renameat,renameat2,fsync,fdatasync,close'])
    expect(run.code, run.stdout + run.stderr).to.equal(0)
    expect(outcomesOf(run)).to.deep.equal(['amended'])
    const lines = fs.readFileSync(trace, 'utf8').split('\n')
    const move = lines.findIndex(line => /rename/.test(line) && line.includes('new/durable.test') && line.includes('cur/durable.test:2,S'))
    expect(move, 'the rename new/ → cur/').to.be.above(-1)
    // Each folder opened after the move and that descriptor fsynced before it is closed.
    const pid = lines[move].split(/\s+/)[0]
    const after = lines.slice(move + 1).filter(line => line.startsWith(`${pid} `))
    const synced = (folder: string) => {
      const open = after.find(line => /openat\(/.test(line) && line.includes(`"${path.join(inboxOf(desk.home), folder)}"`) && /O_DIRECTORY/.test(line))
      const fd = open && /= (\d+)$/.exec(open)?.[1]
      return Boolean(fd && after.some(line => new RegExp(`fsync\\(${fd}\\) += 0`).test(line)))
    }
    expect(synced('cur'), 'fsync of cur/').to.equal(true)
    expect(synced('new'), 'fsync of new/').to.equal(true)
  })
})
