/**
 * The private mail stack of test/mailstack/mailstack.sh (Postfix → LMTP → Dovecot, IMAP with STARTTLS
 * and IMAPS) from mocha: `MailStack.start()` in a `before` hook, `stop()` in `after`. Each stack has
 * its own temporary folder and free ports on 127.0.0.1. It installs the Debian packages when missing;
 * if the servers cannot start, `start()` throws with the script's output and logs (the test fails).
 */
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {ImapFlow} from 'imapflow'
import {ROOT} from './cli'

export const MAILSTACK_SCRIPT = path.join(ROOT, 'test', 'mailstack', 'mailstack.sh')

/** Ports nobody listens on now (the kernel's choice), distinct. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({length: count}, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })))
  const ports = servers.map(server => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))))
  return ports
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{code: number | null; output: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [MAILSTACK_SCRIPT, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    child.stdout.on('data', d => { output += d })
    child.stderr.on('data', d => { output += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    let exited: NodeJS.Timeout | undefined
    const finish = (code: number | null) => {
      clearTimeout(timer)
      clearTimeout(exited)
      resolve({code, output})
    }
    child.on('error', reject)
    child.on('close', finish)
    // A daemon that kept the script's output open would delay 'close' for ever: 'exit' is enough.
    child.on('exit', code => { exited = setTimeout(() => finish(code), 2000) })
  })
}

export class MailStack {
  private constructor(
    readonly dir: string,
    /** The variables `mailstack.sh env` prints: NSS_IMAP_URL, NSS_SMTP_URL, NODE_EXTRA_CA_CERTS, MAILSTACK_*. */
    readonly env: Record<string, string>,
    readonly passwords: Map<string, string>,
  ) {}

  /** Starts a stack in a fresh temporary folder on free ports (users nss, taro, admin). */
  static async start(): Promise<MailStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-mailstack-'))
    const [imap, imaps, lmtp, smtp] = await freePorts(4)
    const env = {
      ...process.env, MAILSTACK_DIR: dir, MAILSTACK_IMAP_PORT: String(imap), MAILSTACK_IMAPS_PORT: String(imaps),
      MAILSTACK_LMTP_PORT: String(lmtp), MAILSTACK_SMTP_PORT: String(smtp), MAILSTACK_USERS: 'nss taro admin',
    }
    // Installing the packages on a fresh machine takes a minute or two; starting, seconds.
    const started = await run(['start'], env, 300_000)
    if (started.code !== 0) {
      const logs = ['dovecot/dovecot.log', 'postfix/maillog'].map(file => {
        const full = path.join(dir, file)
        return fs.existsSync(full) ? `--- ${file}\n${fs.readFileSync(full, 'utf8').slice(-4000)}` : ''
      }).join('\n')
      await run(['stop'], env, 60_000)
      throw new Error(`the mail stack did not start (exit ${started.code}):\n${started.output}\n${logs}`)
    }
    const vars: Record<string, string> = {}
    for (const line of fs.readFileSync(path.join(dir, 'env'), 'utf8').split('\n')) {
      if (line.startsWith('#')) continue
      for (const [, name, quoted, plain] of line.matchAll(/(\w+)=(?:'([^']*)'|(\S+))/g)) vars[name] = quoted ?? plain
    }
    const passwords = new Map((vars.MAILSTACK_USERS ?? '').split(' ').filter(Boolean).map(entry => {
      const at = entry.indexOf(':')
      return [entry.slice(0, at), entry.slice(at + 1)] as [string, string]
    }))
    return new MailStack(dir, vars, passwords)
  }

  get imapPort(): number {
    return Number(this.env.MAILSTACK_IMAP_PORT)
  }

  get imapsPort(): number {
    return Number(this.env.MAILSTACK_IMAPS_PORT)
  }

  get smtpPort(): number {
    return Number(this.env.MAILSTACK_SMTP_PORT)
  }

  /** The private CA that signed the servers' certificate (NODE_EXTRA_CA_CERTS for child processes). */
  get ca(): Buffer {
    return fs.readFileSync(this.env.NODE_EXTRA_CA_CERTS)
  }

  password(user: string): string {
    const password = this.passwords.get(user)
    if (!password) throw new Error(`no user ${user} in the mail stack`)
    return password
  }

  /** `imap://user:password@127.0.0.1:PORT/MAILBOX` (STARTTLS), or `imaps://` on the IMAPS port. */
  imapUrl(user: string, mailbox = 'INBOX', options: {implicitTls?: boolean; query?: string} = {}): string {
    const scheme = options.implicitTls ? 'imaps' : 'imap'
    const port = options.implicitTls ? this.imapsPort : this.imapPort
    return `${scheme}://${user}:${encodeURIComponent(this.password(user))}@127.0.0.1:${port}/${encodeURIComponent(mailbox)}${options.query ?? ''}`
  }

  get smtpUrl(): string {
    return this.env.NSS_SMTP_URL
  }

  /** A connected imapflow client of `user` (IMAPS, the stack's CA trusted), for tests to append and read. */
  async client(user: string): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1', port: this.imapsPort, secure: true, tls: {ca: this.ca},
      auth: {user, pass: this.password(user)}, logger: false, disableAutoIdle: true,
    })
    client.on('error', () => undefined)
    await client.connect()
    return client
  }

  /** Runs `work` with a fresh client of `user`, logged out afterwards. */
  async withClient<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = await this.client(user)
    try {
      return await work(client)
    } finally {
      await client.logout().catch(() => client.close())
    }
  }

  /**
   * Waits until `user`'s mailbox holds a message whose source matches `isWanted`, checking every 200 ms
   * (mail through Postfix arrives asynchronously); returns its raw source. Bounded by `timeoutMs`.
   */
  async waitForMessage(user: string, isWanted: (raw: string) => boolean, timeoutMs = 30_000, mailbox = 'INBOX'): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = await this.withClient(user, async client => {
        const lock = await client.getMailboxLock(mailbox)
        try {
          if (!client.mailbox || client.mailbox.exists === 0) return null
          for await (const message of client.fetch('1:*', {uid: true, source: true})) {
            if (message.source && isWanted(message.source.toString('utf8'))) return message.source
          }
          return null
        } finally {
          lock.release()
        }
      })
      if (found) return found
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    throw new Error(`no matching message reached ${user}'s ${mailbox} within ${timeoutMs} ms; Postfix's log ends:\n${this.logTail('postfix/maillog')}`)
  }

  /** Stops Dovecot alone: the IMAP server goes away (connections are closed). */
  async stopDovecot(): Promise<void> {
    await this.script('stop-dovecot')
  }

  async startDovecot(): Promise<void> {
    await this.script('start-dovecot')
  }

  /** Stops both servers and removes the folder. */
  async stop(): Promise<void> {
    await this.script('stop')
    fs.rmSync(this.dir, {recursive: true, force: true})
  }

  /** The tail of a server log, for failure messages. */
  logTail(file: 'dovecot/dovecot.log' | 'postfix/maillog', chars = 3000): string {
    const full = path.join(this.dir, file)
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8').slice(-chars) : ''
  }

  private async script(command: string): Promise<void> {
    const result = await run([command], {...process.env, MAILSTACK_DIR: this.dir}, 60_000)
    if (result.code !== 0) throw new Error(`mailstack.sh ${command} failed (${result.code}): ${result.output}`)
  }
}
