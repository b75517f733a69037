/**
 * A real SMTP server on loopback for tests (npm `smtp-server`): listens on 127.0.0.1 on a free port,
 * keeps every message it accepts with its envelope and Message-ID, answers 550 for chosen recipients,
 * can require a login, and can be stopped and started again on the same port (a server that goes down
 * and comes back). Hooks run around the acceptance of each message, so a test can freeze or kill the
 * sending process exactly between the server's "250 OK" and the client reading it.
 */
import {SMTPServer, SMTPServerDataStream, SMTPServerSession} from 'smtp-server'

/** A message the server accepted. */
export interface CapturedMessage {
  from: string
  to: string[]
  raw: Buffer
  /** The Message-ID header, with angle brackets; null when it has none. */
  messageId: string | null
  /** Whether the session was encrypted (STARTTLS or implicit TLS). */
  isSecure: boolean
}

export interface TestSmtpOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials. */
  auth?: {user: string; pass: string}
  /** Offer STARTTLS, or speak TLS from the start (smtp-server's own self-signed certificate). */
  tls?: 'starttls' | 'implicit'
  /** The address to listen on; default 127.0.0.1 (`0.0.0.0`: every address of the machine). */
  host?: string
}

/** Hooks around the acceptance of one message. */
export interface AcceptHooks {
  /** Runs after the whole message is received, before the server answers 250. */
  before?: (message: CapturedMessage) => void
  /** Runs right after the server has answered 250. */
  after?: (message: CapturedMessage) => void
}

export class TestSmtpServer {
  /** Every message accepted, in order. */
  readonly messages: CapturedMessage[] = []
  /** Recipients answered `550 5.1.1 … User unknown` at RCPT TO. */
  readonly refusedRecipients = new Set<string>()
  hooks: AcceptHooks = {}
  /** The user name of every AUTH attempt, with whether the session was encrypted then: what credentials reached the server. */
  readonly authAttempts: {user: string; isSecure: boolean}[] = []
  private server: SMTPServer | null = null
  private listeningPort = 0

  private constructor(private readonly options: TestSmtpOptions) {}

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
    const harness = new TestSmtpServer(options)
    harness.listeningPort = await harness.listen(0)
    return harness
  }

  /** The port, kept across stop and restart. */
  get port(): number {
    return this.listeningPort
  }

  /** `smtp://127.0.0.1:PORT` (`smtps://` for implicit TLS, with the credentials when given), for NSS_SMTP_URL. */
  url(credentials?: {user: string; pass: string}): string {
    const login = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : ''
    return `${this.options.tls === 'implicit' ? 'smtps' : 'smtp'}://${login}127.0.0.1:${this.port}`
  }

  /** The distinct Message-IDs received. */
  distinctMessageIds(): string[] {
    return [...new Set(this.messages.map(m => m.messageId ?? ''))]
  }

  get isRunning(): boolean {
    return this.server !== null
  }

  /** Stops listening and drops open connections; the port is free until `restart`. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    if (server) await new Promise<void>(resolve => server.close(() => resolve()))
  }

  /** Listens again on the same port. */
  async restart(): Promise<void> {
    if (this.server) return
    await this.listen(this.port)
  }

  private listen(port: number): Promise<number> {
    const server = new SMTPServer({
      logger: false,
      banner: 'nss-desk test server',
      secure: this.options.tls === 'implicit',
      hideSTARTTLS: this.options.tls !== 'starttls',
      authOptional: !this.options.auth,
      allowInsecureAuth: true,
      disabledCommands: [...(this.options.auth ? [] : ['AUTH']), ...(this.options.tls === 'starttls' ? [] : ['STARTTLS'])],
      closeTimeout: 100,
      onAuth: (auth, session, callback) => {
        this.authAttempts.push({user: auth.username ?? '', isSecure: Boolean(session.secure)})
        const expected = this.options.auth
        if (expected && auth.username === expected.user && auth.password === expected.pass) return callback(null, {user: auth.username})
        return callback(new Error('Invalid username or password'))
      },
      onRcptTo: (address, _session, callback) => {
        if (this.refusedRecipients.has(address.address)) {
          return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {responseCode: 550}))
        }
        return callback()
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks)
          const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0]
          const message: CapturedMessage = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map(r => r.address),
            raw,
            messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? null,
            isSecure: Boolean(session.secure),
          }
          this.messages.push(message)
          this.hooks.before?.(message)
          callback(null, 'OK: queued')
          this.hooks.after?.(message)
        })
      },
    })
    // A client killed mid-session resets its connection: that is the test's doing, not a failure.
    server.on('error', () => undefined)
    this.server = server
    return new Promise((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(port, this.options.host ?? '127.0.0.1', () => {
        server.server.off('error', reject)
        resolve((server.server.address() as {port: number}).port)
      })
    })
  }
}
