/**
 * Outbound mail on the embedded defaults (SPEC §10): without NSS_SMTP_URL every mail becomes an RFC
 * 5322 `.eml` file in $NSS_HOME/mail/outbox/, right after the command. A bad NSS_TEMPLATES folder is
 * refused when mail starts, with every problem named, and never loses a mail. Through the whole seed
 * scenario no mail, header, outbox row, log line or error carries an issued password (SPEC §7).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, openStoreReadOnly, seededDesk, tempHome} from '../support/cli'
import {startNss} from '../support/killable'
import {parseMessage} from '../support/mail'

const APPLICATION = path.join(EXAMPLES, 'application.json')

function ok(result: CliResult, what: string): any {
  expect(result.code, `${what} (stderr: ${result.stderr} stdout: ${result.stdout})`).to.equal(0)
  return result.json
}

const spoolOf = (home: string) => path.join(home, 'mail', 'outbox')

describe('outbound mail into the spool folder (SPEC §10 embedded default)', () => {
  it('removes the temporary files of writers killed mid-write (issue 11), once older than a claim, in nss mail deliver and the daemon\'s run; a younger one is left to its writer', () => {
    const desk = seededDesk()
    ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply')
    const spool = spoolOf(desk.home)
    const [written] = fs.readdirSync(spool)
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000)
    const orphan = `.${written}.4242.0a1b2c3d.tmp`
    const young = `.${written}.4343.0e0f1a2b.tmp`
    const notOurs = '.keep'
    for (const name of [orphan, young, notOurs]) fs.writeFileSync(path.join(spool, name), 'Subject: half a mess')
    for (const name of [orphan, notOurs, written]) fs.utimesSync(path.join(spool, name), elevenMinutesAgo, elevenMinutesAgo)

    const deliver = ok(nss(['mail', 'deliver', '--json'], {env: desk.ops}), 'deliver')
    expect(deliver.removedTemporaryFiles).to.equal(1)
    expect(fs.readdirSync(spool).sort()).to.deep.equal([notOurs, young, written].sort())

    // The writer of the younger one died too: once it is older than a claim, the daemon's run removes it.
    fs.utimesSync(path.join(spool, young), elevenMinutesAgo, elevenMinutesAgo)
    ok(nss(['daemon', '--once', '--json'], {env: desk.ops}), 'daemon')
    expect(fs.readdirSync(spool).sort()).to.deep.equal([notOurs, written].sort())
  })

  it('shows a row left sending by a killed CLI as sending, with its claim\'s expiry, in nss mail outbox (--status sending), and sends it once the claim has run out (issue 11)', async () => {
    const desk = seededDesk()
    // An SMTP server that accepts the connection and never greets: the CLI claims the row and waits.
    const sockets: net.Socket[] = []
    const silent = net.createServer(socket => { sockets.push(socket) })
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    try {
      const run = startNss(['apply', '--file', APPLICATION, '--json'], {...desk.office, NSS_SMTP_URL: `smtp://127.0.0.1:${port}`})
      const statusNow = () => {
        const db = openStoreReadOnly(desk.home)
        try {
          return (db.prepare('SELECT status FROM outbox').get() as {status: string} | undefined)?.status
        } finally {
          db.close()
        }
      }
      for (let waited = 0; statusNow() !== 'sending'; waited += 50) {
        expect(waited, 'the CLI claims its receipt mail').to.be.below(30_000)
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      const claimedAt = Date.now()
      run.child.kill('SIGKILL')
      expect((await run.ended).signal).to.equal('SIGKILL')

      const listed = ok(nss(['mail', 'outbox', '--status', 'sending', '--json'], {env: desk.ops}), 'outbox').mails
      expect(listed.map((m: any) => [m.kind, m.status, m.attempts])).to.deep.equal([['receipt', 'sending', 1]])
      const expiry = Date.parse(listed[0].claimedUntil)
      expect(expiry - claimedAt).to.be.within(9 * 60_000, 10 * 60_000 + 5000)
      expect(ok(nss(['mail', 'outbox', '--status', 'pending', '--json'], {env: desk.ops}), 'outbox').mails).to.deep.equal([])
      expect(nss(['mail', 'outbox'], {env: desk.ops}).stdout).to.match(/sending\s+1\s+送信中 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} まで/)

      // The claim holds: the next run leaves the row alone; after it has run out the row goes out.
      expect(ok(nss(['mail', 'deliver', '--json'], {env: desk.ops}), 'deliver').mails).to.deep.equal([])
      const later = new Date(Date.now() + 11 * 60_000).toISOString()
      expect(nss(['mail', 'outbox'], {env: desk.ops, at: later}).stdout).to.match(/sending\s+1\s+送信中の期限切れ/)
      const resent = ok(nss(['mail', 'deliver', '--json'], {env: desk.ops, at: later}), 'deliver')
      expect(resent.mails.map((m: any) => [m.status, m.attempts])).to.deep.equal([['sent', 2]])
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  it('writes the receipt mail as an .eml file named by its Message-ID right after nss apply', async () => {
    const desk = seededDesk()
    const {receiptNo} = ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply')
    const [row] = ok(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'outbox').mails
    expect(row).to.include({receiptNo, kind: 'receipt', status: 'sent'})
    const files = fs.readdirSync(spoolOf(desk.home))
    expect(files).to.deep.equal([`${row.messageId.slice(1, -1)}.eml`])

    const parsed = await parseMessage(fs.readFileSync(path.join(spoolOf(desk.home), files[0])))
    expect(parsed.messageId).to.equal(row.messageId)
    expect(parsed.subject).to.equal(`【${receiptNo}】システム設定申込 受付完了のお知らせ`)
    expect(parsed.text).to.contain(`申込受付番号：${receiptNo}`)
    expect(ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status').mail)
      .to.deep.equal([{kind: 'receipt', to: ['taro@example.jp', 'admin@example.jp'], status: 'sent'}])
  })

  it('has nothing to do in nss mail deliver when every mail is out', () => {
    const desk = seededDesk()
    ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply')
    const report = ok(nss(['mail', 'deliver', '--json'], {env: desk.ops}), 'deliver')
    expect(report).to.deep.include({sent: 0, pending: 0, failed: 0, mails: [], transport: null})
    expect(nss(['mail', 'deliver'], {env: desk.ops}).stdout.trim()).to.equal('送信するメールはありません。')
  })

  it('refuses a bad NSS_TEMPLATES folder when mail starts, keeps the mail pending, and sends it once the folder is fixed', () => {
    const desk = seededDesk()
    const templates = tempHome()
    fs.mkdirSync(path.join(templates, 'ja'))
    fs.writeFileSync(path.join(templates, 'ja', 'receipt.text.hbs'), '{{officeName}} {{receiptNumber}}\n')
    const broken = {NSS_TEMPLATES: templates}

    const applied = nss(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, ...broken}})
    ok(applied, 'apply (the application is registered whatever the templates)')
    expect(applied.stderr).to.contain('メールのテンプレートに問題があるため使用できません')
    expect(ok(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'outbox').mails[0]).to.include({status: 'pending', attempts: 0})

    const refused = nss(['mail', 'deliver', '--json'], {env: {...desk.ops, ...broken}})
    expect(refused.code).to.equal(6)
    // Said in the reader's language (Japanese without NSS_LOCALE); Handlebars' own words stay as they are.
    expect(refused.json.error.message).to.equal('メールのテンプレートに問題があるため使用できません(1件)。')
    expect(refused.json.error.issues).to.deep.equal([{
      path: path.join(templates, 'ja', 'receipt.text.hbs'),
      message: '"receiptNumber" not defined in [object Object] - 1:17',
    }])

    fs.writeFileSync(path.join(templates, 'ja', 'receipt.text.hbs'), '{{officeName}} {{receiptNo}} (custom)\n')
    ok(nss(['mail', 'deliver', '--json'], {env: {...desk.ops, ...broken}}), 'deliver with the fixed folder')
    const [file] = fs.readdirSync(spoolOf(desk.home))
    expect(fs.readFileSync(path.join(spoolOf(desk.home), file), 'latin1')).to.contain('Subject: =?UTF-8?')
  })

  it('puts no issued password into any mail, outbox row, output or error of the seed scenario', async () => {
    const desk = seededDesk()
    const outputs: string[] = []
    const run = (args: string[], env: Record<string, string>) => {
      const result = nss([...args, '--json'], {env})
      outputs.push(result.stdout, result.stderr)
      return ok(result, args.join(' '))
    }
    const {receiptNo: original} = run(['apply', '--file', APPLICATION], desk.office)
    run(['review', original, '--query', 'こちらのパスワード初期化は承る事が出来ません。'], desk.reviewer)
    const {receiptNo: amended} = run(['amend', original, '--file', path.join(EXAMPLES, 'amend.json')], desk.office)
    run(['review', amended, '--complete', ''], desk.reviewer)
    run(['status', amended], desk.office)
    run(['mail', 'outbox'], desk.ops)
    run(['mail', 'deliver'], desk.ops)

    const {passwords} = ok(nss(['status', amended, '--passwords', '--json'], {env: desk.office}), 'status --passwords')
    expect(passwords).to.have.length(5)

    const files = fs.readdirSync(spoolOf(desk.home))
    expect(files).to.have.length(4) // receipt, query, receipt of the amendment, completion
    const mails = files.map(f => fs.readFileSync(path.join(spoolOf(desk.home), f)))
    const decoded = await Promise.all(mails.map(async raw => {
      const parsed = await parseMessage(raw)
      return `${parsed.subject}\n${[...parsed.headers.values()].map(String).join('\n')}\n${parsed.text}\n${parsed.html}`
    }))
    const completion = decoded.find(text => text.includes('確認完了のお知らせ'))!
    expect(completion).to.contain('利用者情報登録(URY)').and.contain('まで）となります')

    const db = openStoreReadOnly(desk.home)
    const rows = db.prepare('SELECT data, lastError FROM outbox').all() as {data: string; lastError: string | null}[]
    const logs = db.prepare('SELECT notice FROM application_log').all() as {notice: string}[]
    const audit = db.prepare('SELECT * FROM audit_events').all()
    db.close()

    const haystacks = [...mails.map(m => m.toString('latin1')), ...decoded, ...outputs,
      ...rows.map(r => `${r.data}\n${r.lastError ?? ''}`), ...logs.map(l => l.notice), JSON.stringify(audit)]
    for (const {password} of passwords) {
      for (const text of haystacks) expect(text).not.to.contain(password)
    }
  })
})
