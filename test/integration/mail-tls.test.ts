/**
 * TLS for the desk's own mail credentials (issue 11 point 8, docs/mail.md "TLS for the desk's mail
 * servers"): `smtp://` and `imap://` to a host outside loopback must upgrade with STARTTLS before the
 * desk logs in. The servers here offer no STARTTLS and listen on every address of the machine; the
 * test gives the machine a non-loopback address of its own (a dummy interface, or a veth pair where
 * there is no dummy driver: traffic never leaves the host; root, as CI runs), so the same server is reached both as loopback and as "a host outside".
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as net from 'node:net'
import * as path from 'node:path'
import {EXAMPLES, nss, nssAsync, seededDesk} from '../support/cli'
import {TestSmtpServer} from '../support/smtp-server'

/** This file's own interface and address (another file must not use the same). */
const INTERFACE = 'nsstls8'
const ADDRESS = '198.18.11.8'
const USER = 'nss'
const PASSWORD = 'Tls-Secret-9f3k'

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr}`)
}

/**
 * A minimal IMAP server (RFC 3501) without STARTTLS: enough for imapflow to log in, select an empty
 * INBOX and log out, recording every LOGIN / AUTHENTICATE line it is sent — what credentials reached it.
 */
class PlainImapServer {
  readonly logins: string[] = []
  private readonly server = net.createServer(socket => this.serve(socket))

  static async start(): Promise<PlainImapServer> {
    const harness = new PlainImapServer()
    await new Promise<void>(resolve => harness.server.listen(0, '0.0.0.0', resolve))
    return harness
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port
  }

  close(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()))
  }

  private serve(socket: net.Socket): void {
    socket.on('error', () => undefined)
    socket.write('* OK [CAPABILITY IMAP4rev1] plain test server ready\r\n')
    let buffer = ''
    socket.on('data', chunk => {
      buffer += chunk.toString('latin1')
      let end: number
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const [tag, command = '', ...rest] = line.split(' ')
        const verb = command.toUpperCase()
        const args = rest.join(' ').toUpperCase()
        const ok = (text = `${verb} done`) => socket.write(`${tag} OK ${text}\r\n`)
        if (verb === 'LOGIN' || verb === 'AUTHENTICATE') {
          this.logins.push(line)
          ok('[CAPABILITY IMAP4rev1] logged in')
        } else if (verb === 'CAPABILITY') {
          socket.write('* CAPABILITY IMAP4rev1\r\n')
          ok()
        } else if (verb === 'SELECT' || verb === 'EXAMINE') {
          socket.write('* FLAGS (\\Seen \\Deleted)\r\n* OK [PERMANENTFLAGS (\\Seen \\Deleted \\*)] flags\r\n* 0 EXISTS\r\n* OK [UIDVALIDITY 7] uids\r\n* OK [UIDNEXT 1] next\r\n')
          ok('[READ-WRITE] selected')
        } else if (verb === 'UID' && args.startsWith('SEARCH') || verb === 'SEARCH') {
          socket.write('* SEARCH\r\n')
          ok()
        } else if (verb === 'LOGOUT') {
          socket.write('* BYE bye\r\n')
          ok()
          socket.end()
        } else {
          ok()
        }
      }
    })
  }
}

describe('TLS for the desk\'s mail credentials outside loopback (issue 11)', function () {
  this.timeout(120_000)

  before(function () {
    if (process.getuid?.() !== 0) throw new Error('this test makes a dummy network interface: run it as root (CI does)')
    spawnSync('ip', ['link', 'del', INTERFACE]) // a leftover of a killed run
    // A dummy interface; where the kernel has no dummy driver (some containers), a veth pair, whose
    // addresses are just as local. Either way nothing leaves the machine.
    if (spawnSync('ip', ['link', 'add', INTERFACE, 'type', 'dummy']).status !== 0) {
      ip('link', 'add', INTERFACE, 'type', 'veth', 'peer', 'name', `${INTERFACE}p`)
      ip('link', 'set', `${INTERFACE}p`, 'up')
    }
    ip('addr', 'add', `${ADDRESS}/32`, 'dev', INTERFACE)
    ip('link', 'set', INTERFACE, 'up')
  })

  after(function () {
    spawnSync('ip', ['link', 'del', INTERFACE])
  })

  it('refuses an SMTP server outside loopback that offers no STARTTLS before sending the password (exit 6), and sends with ?tls=off', async function () {
    const server = await TestSmtpServer.start({auth: {user: USER, pass: PASSWORD}, host: '0.0.0.0'})
    try {
      const desk = seededDesk()
      const url = (host: string, query = '') => `smtp://${USER}:${PASSWORD}@${host}:${server.port}${query}`
      // The CLI's attempt right after the command is refused too: a warning, the command itself succeeds.
      const applied = await nssAsync(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: {...desk.office, NSS_SMTP_URL: url(ADDRESS)}})
      expect(applied.code, applied.stderr).to.equal(0)
      expect(applied.stderr, applied.stderr).to.contain('TLS is required for smtp://nss:***@198.18.11.8')

      // Later, when the mail is due again (libfaketime): `nss mail deliver` and the daemon refuse the same way.
      const later = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()
      const deliver = await nssAsync(['mail', 'deliver', '--json'], {env: {...desk.ops, NSS_SMTP_URL: url(ADDRESS)}, at: later(1)})
      expect(deliver.code, deliver.stdout).to.equal(6)
      expect(deliver.json.error.message).to.contain(`TLS is required for smtp://nss:***@${ADDRESS}:${server.port}`)
      expect(deliver.json.error.message).to.contain('no credentials were sent').and.to.contain('?tls=off')
      const daemon = await nssAsync(['daemon', '--once', '--json'], {env: {...desk.ops, NSS_SMTP_URL: url(ADDRESS)}, at: later(2)})
      expect(daemon.code, daemon.stdout).to.equal(6)
      expect(daemon.json.error.issues.map((i: any) => [i.path, /TLS is required for smtp:\/\/nss:\*\*\*@198\.18\.11\.8/.test(i.message)]))
        .to.deep.equal([['outbox', true]])
      for (const run of [applied, deliver, daemon]) expect(run.stdout + run.stderr).not.to.contain(PASSWORD)
      expect(server.authAttempts, 'credentials reached the server').to.deep.equal([])
      expect(server.messages).to.deep.equal([])

      // Saying so in the URL lifts the rule; and loopback was never under it.
      const plain = await nssAsync(['mail', 'deliver', '--json'], {env: {...desk.ops, NSS_SMTP_URL: url(ADDRESS, '?tls=off')}, at: later(3)})
      expect(plain.code, plain.stdout + plain.stderr).to.equal(0)
      expect(plain.json.sent).to.equal(1)
      expect(server.authAttempts).to.deep.equal([{user: USER, isSecure: false}])
      const receiptNo = applied.json.receiptNo
      expect((await nssAsync(['review', receiptNo, '--query', 'ご確認ください。', '--json'], {env: {...desk.reviewer, NSS_SMTP_URL: url('127.0.0.1')}})).code).to.equal(0)
      expect(server.messages).to.have.length(2)
      expect(server.authAttempts.map(a => a.user)).to.deep.equal([USER, USER])
    } finally {
      await server.stop()
    }
  })

  it('refuses an IMAP server outside loopback that offers no STARTTLS before logging in (exit 6), and logs in with ?tls=off', async function () {
    const server = await PlainImapServer.start()
    try {
      const desk = seededDesk()
      const url = (host: string, query = '') => `imap://${USER}:${PASSWORD}@${host}:${server.port}/INBOX${query}`
      const refused = await nssAsync(['daemon', '--once', '--json'], {env: {...desk.ops, NSS_IMAP_URL: url(ADDRESS)}})
      expect(refused.code, refused.stdout + refused.stderr).to.equal(6)
      const [issue] = refused.json.error.issues
      expect(issue.path).to.equal('inbound')
      expect(issue.message, issue.message).to.contain(`imap://nss:***@${ADDRESS}:${server.port}/INBOX はループバック以外のホストのため TLS が必要です`)
      expect(issue.message).to.contain('認証情報は送信していません').and.to.contain('?tls=off')
      expect(refused.stdout + refused.stderr).not.to.contain(PASSWORD)
      expect(server.logins, 'credentials reached the server').to.deep.equal([])

      const plain = await nssAsync(['daemon', '--once', '--json'], {env: {...desk.ops, NSS_IMAP_URL: url(ADDRESS, '?tls=off')}})
      expect(plain.code, plain.stdout + plain.stderr).to.equal(0)
      expect(plain.json.lastCycle.inbound).to.deep.equal([])
      expect(server.logins).to.have.length(1)
      const loopback = await nssAsync(['daemon', '--once', '--json'], {env: {...desk.ops, NSS_IMAP_URL: url('127.0.0.1')}})
      expect(loopback.code, loopback.stdout + loopback.stderr).to.equal(0)
      expect(server.logins).to.have.length(2)
    } finally {
      await server.close()
    }
  })

  it('names a bad ?tls= value as a configuration problem (exit 6)', function () {
    const desk = seededDesk()
    const smtp = nss(['mail', 'outbox', '--json'], {env: {...desk.ops, NSS_SMTP_URL: `smtp://${USER}:${PASSWORD}@${ADDRESS}:25?tls=no`}})
    expect(smtp.code).to.equal(6)
    expect(smtp.json.error.issues).to.deep.equal([{path: 'NSS_SMTP_URL', message: '?tls= takes only "off"'}])
    const imaps = nss(['mail', 'outbox', '--json'], {env: {...desk.ops, NSS_IMAP_URL: `imaps://${USER}:${PASSWORD}@${ADDRESS}/INBOX?tls=off`}})
    expect(imaps.code).to.equal(6)
    expect(imaps.json.error.issues[0].path).to.equal('NSS_IMAP_URL')
    expect(smtp.stdout + imaps.stdout).not.to.contain(PASSWORD)
  })
})
