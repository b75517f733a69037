/**
 * `nss health` (issue 15): each check made to fail on purpose through real processes — the clock moved
 * with libfaketime, a daemon killed with -9, an entry the Maildir cannot give, a mail that cannot be
 * sent, the secret key removed, no store at all — and the exit codes a monitor reads (0, or 6 on a
 * failure; --strict: 6 on a warning too).
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {BIN, EXAMPLES, nss, seededDesk, tempHome} from '../support/cli'
import {storeEnv} from '../support/store'

const minutesFrom = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString()

function health(env: Record<string, string>, at?: string, strict = false) {
  const result = nss(['health', '--json', ...(strict ? ['--strict'] : [])], {env, at})
  const byName = Object.fromEntries((result.json?.checks ?? []).map((c: any) => [c.name, c]))
  return {...result, byName}
}

describe('nss health (issue 15)', function () {
  this.timeout(180_000)

  it('is all ok on a desk whose daemon has just run, on screen and in JSON', () => {
    const desk = seededDesk()
    expect(nss(['daemon', '--once'], {env: desk.ops}).code).to.equal(0)
    const checked = health(desk.ops)
    expect(checked.code, checked.stderr).to.equal(0)
    expect(checked.json.status).to.equal('ok')
    expect(checked.json.checks.map((c: any) => [c.name, c.status])).to.deep.equal([
      ['store', 'ok'], ['secret', 'ok'], ['daemon', 'ok'], ['inbound', 'ok'], ['outbox', 'ok'], ['disk', 'ok'],
    ])
    expect(checked.byName.daemon.details.lastCycles).to.have.length(1)
    expect(checked.byName.disk.details.freeBytes).to.be.above(0)
    const screen = nss(['health'], {env: desk.ops})
    expect(screen.code).to.equal(0)
    expect(screen.stdout).to.match(/ok +store/).and.match(/ok +disk/).and.contain('ヘルスチェック: ok').and.contain('確認項目')
    expect(screen.stdout).to.contain('secret.key を開けます。')
  })

  it('warns, then fails, as the daemon\'s last cycle and the oldest pending mail age; --strict makes a warning exit 6', () => {
    const start = new Date(Date.now() + 24 * 3_600_000)
    const desk = seededDesk()
    // Nothing has cycled yet: a warning, not a failure.
    const fresh = health(desk.ops, start.toISOString())
    expect([fresh.code, fresh.byName.daemon.status]).to.deep.equal([0, 'warn'])
    expect(fresh.byName.daemon.reason).to.contain('まだどのデーモンもサイクルを終えていません')
    expect(health(desk.ops, start.toISOString(), true).code).to.equal(6)

    expect(nss(['daemon', '--once'], {env: desk.ops, at: start.toISOString()}).code).to.equal(0)
    // A receipt mail left pending (no daemon runs after the application).
    expect(nss(['apply', '--file', path.join(EXAMPLES, 'application.json')], {env: {...desk.office, NSS_SMTP_URL: 'smtp://127.0.0.1:1?tls=off'}, at: minutesFrom(start, 1)}).code).to.equal(0)

    const soon = health(desk.ops, minutesFrom(start, 5))
    expect([soon.byName.daemon.status, soon.byName.outbox.status, soon.code]).to.deep.equal(['ok', 'ok', 0])
    expect(soon.byName.outbox.details.pending).to.be.at.least(1)

    const later = health(desk.ops, minutesFrom(start, 20))
    expect([later.byName.daemon.status, later.byName.outbox.status, later.json.status, later.code]).to.deep.equal(['warn', 'warn', 'warn', 0])
    expect(later.byName.daemon.reason).to.match(/最後のサイクルは (19|20) 分前/)
    expect(later.byName.outbox.reason).to.match(/最も古いものは 1[89] 分前から/)

    const much = health(desk.ops, minutesFrom(start, 125))
    expect([much.byName.daemon.status, much.byName.outbox.status, much.json.status, much.code]).to.deep.equal(['fail', 'fail', 'fail', 6])
  })

  it('warns of a daemon killed with -9 (its lease expired), of inbound mail kept as failed, and of a mail that failed', async () => {
    const desk = seededDesk()
    // A long-running daemon with the store's lease, killed in its wait between cycles.
    const env = {...process.env, ...desk.ops, ...storeEnv(desk.home)}
    const daemon = spawn(process.execPath, [BIN, 'daemon', '--interval', '3600'], {env, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    daemon.stderr.on('data', chunk => { stderr += chunk })
    const deadline = Date.now() + 30_000
    while (!health(desk.ops).byName.daemon?.details.lastCycles?.length) {
      expect(Date.now(), stderr).to.be.below(deadline)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    daemon.kill('SIGKILL')
    await new Promise(resolve => daemon.once('close', resolve))
    const isSqlite = !storeEnv(desk.home).NSS_DB?.startsWith('postgres')
    // The daemon lease runs 2 minutes (only SQLite takes one: on PostgreSQL daemons share the store).
    const afterKill = new Date(Date.now() + 3 * 60_000)
    const afterLease = health(desk.ops, afterKill.toISOString())
    expect(afterLease.byName.daemon.status, JSON.stringify(afterLease.byName.daemon)).to.equal('warn')
    if (isSqlite) expect(afterLease.byName.daemon.reason).to.contain('リース').and.contain('に切れています').and.contain('そのデーモンは停止しています')

    // An entry of the Maildir that is no file: kept as failed by the next cycle (once the dead daemon's lease has run out).
    fs.mkdirSync(path.join(desk.home, 'mail', 'inbox', 'new', '1764000000.M1P1.desk'), {recursive: true})
    // A mail that cannot be delivered: one attempt (made at once, after the application's commit), to a port where nothing listens.
    const bad = {NSS_SMTP_URL: 'smtp://127.0.0.1:1?tls=off', NSS_MAIL_MAX_ATTEMPTS: '1'}
    expect(nss(['apply', '--file', path.join(EXAMPLES, 'application.json')], {env: {...desk.office, ...bad}, at: afterKill.toISOString()}).code).to.equal(0)
    const cycle = nss(['daemon', '--once'], {env: {...desk.ops, ...bad}, at: afterKill.toISOString()})
    expect(cycle.code, cycle.stderr).to.equal(0)
    const afterCycle = health(desk.ops, minutesFrom(afterKill, 1))
    expect(afterCycle.byName.inbound.status).to.equal('warn')
    expect(afterCycle.byName.inbound.details.failed).to.equal(1)
    expect(afterCycle.byName.inbound.reason).to.contain('nss mail inbound --failed')
    expect(afterCycle.byName.outbox.status).to.equal('warn')
    expect(afterCycle.byName.outbox.details.recentFailed).to.equal(1)
    expect(afterCycle.byName.outbox.reason).to.contain('送信失敗 1 通')
    expect([afterCycle.byName.daemon.status, afterCycle.code]).to.deep.equal(['ok', 0])

    // A cycle that could not read the mailbox: the daemon check says which step.
    const unreadable = nss(['daemon', '--once'], {env: {...desk.ops, NSS_IMAP_URL: 'imap://desk:pw@127.0.0.1:1/INBOX?tls=off'}, at: minutesFrom(afterKill, 2)})
    expect(unreadable.code).to.equal(6)
    const afterFailure = health(desk.ops, minutesFrom(afterKill, 3))
    expect(afterFailure.byName.daemon.status).to.equal('warn')
    expect(afterFailure.byName.daemon.details.lastCycles[0].failedSteps).to.deep.equal(['inbound'])
    expect(afterFailure.byName.daemon.reason).to.contain('次の処理ができませんでした: inbound')
  })

  it('fails the secret key when it is gone, free disk below NSS_HEALTH_MIN_FREE_MB, and every store check without a store — the report still whole', () => {
    const desk = seededDesk()
    const noKey = tempHome()
    fs.renameSync(path.join(desk.home, 'secret.key'), path.join(noKey, 'secret.key'))
    const keyless = health(desk.ops)
    expect([keyless.code, keyless.byName.secret.status, keyless.byName.store.status]).to.deep.equal([6, 'fail', 'ok'])
    expect(keyless.byName.secret.reason).to.match(/秘密鍵/)
    fs.renameSync(path.join(noKey, 'secret.key'), path.join(desk.home, 'secret.key'))

    const full = health({...desk.ops, NSS_HEALTH_MIN_FREE_MB: String(1024 * 1024 * 1024)})
    expect([full.code, full.byName.disk.status]).to.deep.equal([6, 'fail'])
    expect(full.byName.disk.reason).to.match(/の空きは \d+ MiB のうち \d+ MiB/)

    const empty = tempHome()
    const none = health({NSS_HOME: empty})
    expect(none.code, none.stderr).to.equal(6)
    expect(none.json.checks.map((c: any) => [c.name, c.status])).to.deep.equal([
      ['store', 'fail'], ['secret', 'fail'], ['daemon', 'fail'], ['inbound', 'fail'], ['outbox', 'fail'], ['disk', 'ok'],
    ])
    expect(none.byName.store.reason).to.contain('nss init')
    expect(none.byName.outbox.reason).to.equal('ストアを読めないため確認していません。')
    // NSS_LOCALE=en: the reasons in English, as scripts read them.
    const english = health({NSS_HOME: empty, NSS_LOCALE: 'en'})
    expect(english.byName.store.reason).to.contain('nss init').and.not.match(/[\u3040-\u30ff\u4e00-\u9fff]/)
    expect(english.byName.outbox.reason).to.equal('not checked: the store cannot be read')
    expect(english.byName.disk.reason).to.match(/MiB free of/)
    // Checking changed nothing: no store was made.
    expect(fs.readdirSync(empty)).to.deep.equal([])
  })
})
