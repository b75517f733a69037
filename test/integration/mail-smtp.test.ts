/**
 * Outbound mail against a real SMTP server on loopback (test/support/smtp-server.ts), through the CLI
 * (SPEC §10): the mail goes out right after the command; a server that is down keeps mails pending
 * until it is back, then each is delivered exactly once; a 550 marks the mail failed with the answer,
 * visible in `status`; a process killed between the server's acceptance and marking the row sent
 * resends the same Message-ID; the SMTP password is never echoed.
 *
 * The server runs in this process, so every CLI call here is asynchronous (nssAsync): a blocking call
 * would stop the server from answering. Later runs are moved in time with faketime (`at`).
 */
import {expect} from 'chai'
import {ChildProcess, spawn} from 'node:child_process'
import * as path from 'node:path'
import {readSecretKey} from '../../src/app/secret-key'
import {mailboxOf, matchDeskAddress} from '../../src/mail/reply-address'
import {BIN, CliResult, EXAMPLES, nssAsync, ROOT, seededDesk} from '../support/cli'
import {addressesOf, parseMessage} from '../support/mail'
import {TestSmtpServer} from '../support/smtp-server'
import {withStoreEnv} from '../support/store'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const CONTACT = 'taro@example.jp'
const ADMIN = 'admin@example.jp'
const DESK_MAILBOX = mailboxOf('NACCSセンター <nss@nss-desk.localhost>')

/** An instant `minutes` from now, for faketime. */
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()

function ok(result: CliResult, what: string): any {
  expect(result.code, `${what} (stderr: ${result.stderr} stdout: ${result.stdout})`).to.equal(0)
  return result.json
}

async function outbox(env: Record<string, string>): Promise<any[]> {
  return ok(await nssAsync(['mail', 'outbox', '--json'], {env}), 'mail outbox').mails
}

describe('outbound mail over SMTP (SPEC §10)', function () {
  this.timeout(120_000)
  let server: TestSmtpServer

  beforeEach(async () => {
    server = await TestSmtpServer.start()
  })
  afterEach(async () => server.stop())

  it('delivers the receipt mail right after nss apply, from the VERP bounce address to the contact and the administrator', async () => {
    const desk = seededDesk()
    const env = {...desk.office, NSS_SMTP_URL: server.url()}
    const applied = ok(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env}), 'apply')
    expect(server.messages).to.have.length(1)
    const [message] = server.messages
    const [row] = await outbox(env)
    expect(row).to.deep.include({kind: 'receipt', receiptNo: applied.receiptNo, status: 'sent', attempts: 1, lastError: null})
    expect(message.messageId).to.equal(row.messageId)
    expect(message.to).to.deep.equal([CONTACT, ADMIN])
    expect(matchDeskAddress(DESK_MAILBOX, readSecretKey(desk.home), message.from)).to.deep.equal({kind: 'bounce', rowId: row.id})

    const parsed = await parseMessage(message.raw)
    expect(parsed.subject).to.equal(`【${applied.receiptNo}】システム設定申込 受付完了のお知らせ`)
    expect(parsed.headers.get('auto-submitted')).to.equal('auto-generated')
    const view = ok(await nssAsync(['status', applied.receiptNo, '--json'], {env}), 'status')
    expect(view.mail).to.deep.equal([{kind: 'receipt', to: [CONTACT, ADMIN], status: 'sent'}])
  })

  it("sends the query mail with the signed Reply-To that leads back to the application", async () => {
    const desk = seededDesk()
    const applied = ok(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, NSS_SMTP_URL: server.url()}}), 'apply')
    ok(await nssAsync(['review', applied.receiptNo, '--query', 'こちらのパスワード初期化は承る事が出来ません。', '--json'],
      {env: {...desk.reviewer, NSS_SMTP_URL: server.url()}}), 'review --query')
    const parsed = await parseMessage(server.messages[1].raw)
    expect(parsed.subject).to.equal(`【${applied.receiptNo}】システム設定申込 内容確認のお願い`)
    const [replyTo] = addressesOf(parsed.replyTo)
    expect(matchDeskAddress(DESK_MAILBOX, readSecretKey(desk.home), replyTo)).to.deep.equal({kind: 'reply', receiptNo: applied.receiptNo, isTokenValid: true})
    expect(parsed.text).to.contain(`受付番号: ${applied.receiptNo}`)
  })

  it('keeps mails pending while the server is down, retries them with backoff, and delivers each exactly once when it is back', async () => {
    const desk = seededDesk()
    const env = {...desk.office, NSS_SMTP_URL: server.url()}
    await server.stop()

    const receipts: string[] = []
    for (let i = 0; i < 2; i++) {
      const result = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env})
      receipts.push(ok(result, 'apply with the server down').receiptNo)
      expect(result.stderr).to.contain('warning').and.contain('まだ送信されていません')
    }
    let rows = await outbox(env)
    expect(rows.map(r => [r.status, r.attempts])).to.deep.equal([['pending', 1], ['pending', 1]])

    const notYet = await nssAsync(['mail', 'deliver', '--json'], {env})
    expect(ok(notYet, 'deliver before the next attempt is due').mails).to.deep.equal([])

    const stillDown = await nssAsync(['mail', 'deliver', '--json'], {env, at: later(2)})
    expect(stillDown.code, stillDown.stdout).to.equal(6)
    expect(stillDown.json.error.message).to.contain('メールサーバーを使えませんでした')
    rows = await outbox(env)
    expect(rows.every(r => r.status === 'pending')).to.equal(true)
    expect(rows.map(r => r.attempts).sort()).to.deep.equal([1, 2])

    await server.restart()
    const back = ok(await nssAsync(['mail', 'deliver', '--json'], {env, at: later(30)}), 'deliver after the server is back')
    expect(back).to.deep.include({sent: 2, pending: 0, failed: 0})
    rows = await outbox(env)
    expect(rows.every(r => r.status === 'sent')).to.equal(true)
    expect(server.messages).to.have.length(2)
    expect(server.distinctMessageIds().sort()).to.deep.equal(rows.map(r => r.messageId).sort())
    for (const receiptNo of receipts) {
      expect(ok(await nssAsync(['status', receiptNo, '--json'], {env}), 'status').mail[0].status).to.equal('sent')
    }
  })

  it('marks a mail refused with 550 failed with the server answer, shows it in status, and sends it after nss mail retry', async () => {
    const desk = seededDesk()
    const env = {...desk.office, NSS_SMTP_URL: server.url()}
    server.refusedRecipients.add(CONTACT)
    server.refusedRecipients.add(ADMIN)
    const result = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env})
    const {receiptNo} = ok(result, 'apply (the command succeeds: the change is done)')
    expect(result.stderr).to.contain('受け付けられませんでした').and.contain('550')
    expect(server.messages).to.have.length(0)

    const [mail] = ok(await nssAsync(['status', receiptNo, '--json'], {env}), 'status').mail
    expect(mail).to.include({kind: 'receipt', status: 'failed'})
    expect(mail.lastError).to.match(/^550 .*Recipient address rejected/)
    const human = await nssAsync(['status', receiptNo], {env})
    expect(human.stdout).to.contain('送信失敗')
    expect(human.stdout, 'the human screen shows the server answer too').to.contain('サーバーの応答').and.contain('550')

    const [failed] = ok(await nssAsync(['mail', 'outbox', '--status', 'failed', '--json'], {env}), 'outbox').mails
    expect(failed).to.include({receiptNo, status: 'failed'})
    const deliverLater = ok(await nssAsync(['mail', 'deliver', '--json'], {env, at: later(600)}), 'deliver much later')
    expect(deliverLater.mails, 'a failed mail is not retried by itself').to.deep.equal([])

    server.refusedRecipients.clear()
    const retried = ok(await nssAsync(['mail', 'retry', String(failed.id), '--json'], {env}), 'mail retry')
    expect(retried).to.include({id: failed.id, status: 'sent', attempts: 1})
    expect(server.messages.map(m => m.messageId)).to.deep.equal([failed.messageId])
  })

  it('marks a mail sent and notes the refused recipient when the server accepts it for the other', async () => {
    const desk = seededDesk()
    const env = {...desk.office, NSS_SMTP_URL: server.url()}
    server.refusedRecipients.add(CONTACT)
    const {receiptNo} = ok(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env}), 'apply')
    const [mail] = ok(await nssAsync(['status', receiptNo, '--json'], {env}), 'status').mail
    expect(mail.status).to.equal('sent')
    expect(mail.lastError).to.contain(`refused for ${CONTACT}: 550`)
    expect(server.messages[0].to).to.deep.equal([ADMIN])
  })

  it('resends with the same Message-ID when the process is killed between the server accepting and marking the mail sent', async () => {
    const desk = seededDesk()
    const env = {...desk.office, NSS_SMTP_URL: server.url()}
    const child = spawnCli(['apply', '--file', APPLICATION, '--json'], env)
    // Freeze the sender before the server says 250, then kill it: it never reads the answer.
    server.hooks = {
      before: () => process.kill(child.process.pid!, 'SIGSTOP'),
      after: () => process.kill(child.process.pid!, 'SIGKILL'),
    }
    const exit = await child.exit
    server.hooks = {}
    expect(exit.signal).to.equal('SIGKILL')
    expect(server.messages).to.have.length(1)
    const [claimed] = await outbox(env)
    expect(claimed).to.include({status: 'sending', attempts: 1}) // accepted by the server, not marked

    const early = ok(await nssAsync(['mail', 'deliver', '--json'], {env, at: later(5)}), 'deliver while the claim holds')
    expect(early.mails).to.deep.equal([])
    const resent = ok(await nssAsync(['mail', 'deliver', '--json'], {env, at: later(15)}), 'deliver after the claim expired')
    expect(resent).to.deep.include({sent: 1})

    expect(server.messages).to.have.length(2)
    expect(server.distinctMessageIds()).to.deep.equal([claimed.messageId])
    expect(server.messages[1].raw.equals(server.messages[0].raw), 'the resend is the same message').to.equal(true)
    const [row] = await outbox(env)
    expect(row).to.include({status: 'sent', attempts: 2})
  })

  it('speaks TLS as the URL says: STARTTLS when offered, implicit TLS for smtps://, never plaintext with requireTLS', async () => {
    await server.stop()
    const testCertificate = 'tls.rejectUnauthorized=false' // smtp-server's own self-signed certificate
    const starttls = await TestSmtpServer.start({tls: 'starttls'})
    const implicit = await TestSmtpServer.start({tls: 'implicit'})
    const plain = await TestSmtpServer.start()
    try {
      const desk = seededDesk()
      ok(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, NSS_SMTP_URL: `${starttls.url()}?${testCertificate}`}}), 'apply via STARTTLS')
      expect(starttls.messages.map(m => m.isSecure)).to.deep.equal([true])
      ok(await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, NSS_SMTP_URL: `${implicit.url()}?${testCertificate}`}}), 'apply via smtps')
      expect(implicit.url()).to.match(/^smtps:/)
      expect(implicit.messages.map(m => m.isSecure)).to.deep.equal([true])

      const refused = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, NSS_SMTP_URL: `${plain.url()}?requireTLS=true`}})
      ok(refused, 'apply (the mail waits)')
      expect(refused.stderr).to.contain('まだ送信されていません')
      expect(plain.messages).to.deep.equal([])
    } finally {
      await Promise.all([starttls.stop(), implicit.stop(), plain.stop()])
    }
  })

  it('never echoes the SMTP password: not in a refused login, not in a bad URL', async () => {
    await server.stop()
    const guarded = await TestSmtpServer.start({auth: {user: 'desk', pass: 'Right-Pass-1'}})
    try {
      const desk = seededDesk()
      const wrong = {...desk.office, NSS_SMTP_URL: guarded.url({user: 'desk', pass: 'Wr0ng-Secret-9'})}
      const applied = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: wrong})
      ok(applied, 'apply')
      expect(applied.stderr).to.contain('warning')
      const listing = await nssAsync(['mail', 'outbox', '--json'], {env: wrong})
      expect(listing.json.mails[0].lastError).to.match(/535|Invalid/)
      for (const text of [applied.stdout, applied.stderr, listing.stdout]) expect(text).not.to.contain('Wr0ng-Secret-9')

      const badUrl = await nssAsync(['mail', 'deliver', '--json'], {env: {...wrong, NSS_SMTP_URL: 'smtp://desk:Wr0ng-Secret-9@127.0.0.1:99999'}})
      expect(badUrl.code).to.equal(6)
      expect(badUrl.json.error.issues).to.deep.equal([{path: 'NSS_SMTP_URL', message: 'smtp:// または smtps:// のURLとして正しくありません（smtp[s]://[user:password@]host[:port]）。'}])
      expect(badUrl.stdout + badUrl.stderr).not.to.contain('Wr0ng-Secret-9')

      const right = {...desk.office, NSS_SMTP_URL: guarded.url({user: 'desk', pass: 'Right-Pass-1'})}
      expect(ok(await nssAsync(['mail', 'deliver', '--json'], {env: right, at: later(2)}), 'deliver with the right login')).to.deep.include({sent: 1})
      expect(guarded.messages).to.have.length(1)
    } finally {
      await guarded.stop()
    }
  })
})

/** Starts `nss ARGS` and exposes the process (its pid), with its exit. */
function spawnCli(args: string[], env: Record<string, string>): {process: ChildProcess; exit: Promise<{code: number | null; signal: string | null}>} {
  const child = spawn(process.execPath, [BIN, ...args], {env: withStoreEnv({...process.env, NO_COLOR: '1', ...env}), cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore']})
  const exit = new Promise<{code: number | null; signal: string | null}>(resolve => child.on('exit', (code, signal) => resolve({code, signal})))
  return {process: child, exit}
}
