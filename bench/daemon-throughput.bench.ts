/**
 * Issue 6 part 4: the daemon's throughput over the real mail stack (test/mailstack/mailstack.sh:
 * Postfix → LMTP → Dovecot, IMAP with STARTTLS, all on 127.0.0.1). 1,000 real replies to real query
 * mails wait in the desk's IMAP mailbox; `nss daemon --once` reads each (IMAP fetch), parses it, stores
 * it, acts on it (an amendment or a withdrawal, with its answer written to the outbox) and sends the
 * answers through Postfix (SMTP) — end to end, start-up included.
 *
 * The floor, on the same servers in the same run: the same 1,000 messages fetched with bare imapflow,
 * one at a time as the daemon must (each message is committed before the next, SPEC §11), and 1,000
 * sends with bare nodemailer (one pooled connection, as the desk's transport) of the same kind of mail
 * (the receipt mails of the setup, same size and recipients). The floor is taken before and after the
 * daemon's run; the figure is their mean. Budget: the daemon ≤ 2.0× the floor.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import {ImapFlow} from 'imapflow'
import * as nodemailer from 'nodemailer'
import type {ComposedMessage} from '../src/mail/outbound/message'
import {MAILSTACK_SCRIPT, MailStack} from '../test/support/mailstack'
import {between, runDaemonProcess} from './daemon-process'
import {applicationsUnderQuery, isQueryMail, replyToQuery} from './mail-backlog'
import {median} from './measure'
import {atCleanup, BenchContext, prepareDesk, Section, SectionOutput} from './section'

/** Issue 6 part 4: the daemon's wall time at most this many times the floor's. */
export const THROUGHPUT_BUDGET_RATIO = 2.0

/** Waits until Postfix has handed every queued message to Dovecot, so that no delivery runs on into the next timing. */
async function waitForPostfixQueue(stack: MailStack, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const queue = execFileSync('postqueue', ['-c', `${stack.dir}/postfix`, '-p'], {encoding: 'utf8'})
    if (/Mail queue is empty/.test(queue)) return
    if (Date.now() > deadline) throw new Error(`Postfix's queue did not empty within ${timeoutMs / 1000} s:\n${queue.slice(0, 2000)}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

/** The bare imapflow client: the daemon's connection (IMAP with STARTTLS, the stack's CA), nothing else. */
function bareImapClient(stack: MailStack): ImapFlow {
  const client = new ImapFlow({
    host: '127.0.0.1', port: stack.imapPort, secure: false, tls: {ca: stack.ca},
    auth: {user: 'nss', pass: stack.password('nss')}, logger: false, disableAutoIdle: true,
  })
  client.on('error', () => undefined)
  return client
}

/** Floor, IMAP: connect, SEARCH, then FETCH BODY.PEEK[] of each message, one after another. Returns ms and bytes. */
async function fetchOneByOne(stack: MailStack): Promise<{ms: number; messages: number; bytes: number}> {
  const started = process.hrtime.bigint()
  const client = bareImapClient(stack)
  await client.connect()
  let bytes = 0
  let messages = 0
  try {
    const lock = await client.getMailboxLock('INBOX')
    try {
      const uids = await client.search({all: true}, {uid: true})
      if (!Array.isArray(uids)) throw new Error('SEARCH refused')
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), {uid: true, source: true}, {uid: true})
        if (!message || !message.source) throw new Error(`no message ${uid}`)
        bytes += message.source.length
        messages++
      }
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
  return {ms: Number(process.hrtime.bigint() - started) / 1e6, messages, bytes}
}

/** For context: the same messages in one FETCH 1:* (what a reader that need not commit each could do). */
async function fetchInBulk(stack: MailStack): Promise<number> {
  const started = process.hrtime.bigint()
  const client = bareImapClient(stack)
  await client.connect()
  try {
    const lock = await client.getMailboxLock('INBOX')
    try {
      for await (const message of client.fetch('1:*', {uid: true, source: true})) if (!message.source) throw new Error('no source')
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Floor, SMTP: the messages sent one after another through one pooled nodemailer connection, as the desk's transport does. */
async function sendOneByOne(stack: MailStack, messages: ComposedMessage[]): Promise<number> {
  const started = process.hrtime.bigint()
  const transporter = nodemailer.createTransport({pool: true, maxConnections: 1, url: stack.smtpUrl})
  try {
    for (const message of messages) {
      const info = await transporter.sendMail({envelope: message.envelope, raw: message.raw})
      if (info.rejected.length > 0) throw new Error(`Postfix refused ${message.messageId}: ${info.response}`)
    }
  } finally {
    transporter.close()
  }
  return Number(process.hrtime.bigint() - started) / 1e6
}

export const daemonThroughputSection: Section = {
  name: 'daemon-throughput',
  summary: 'nss daemon --once over the real mail stack (IMAP fetch → parse → store → outbox → SMTP) beside bare imapflow + nodemailer (issue 6 part 4)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const count = context.options.daemonReplies
    context.log('daemon-throughput: starting the mail stack (Postfix, Dovecot)')
    const stack = await MailStack.start()
    // Ctrl-C must not leave Postfix and Dovecot running.
    const dropCleanup = atCleanup(() => {
      spawnSync('bash', [MAILSTACK_SCRIPT, 'stop'], {env: {...process.env, MAILSTACK_DIR: stack.dir}, stdio: 'ignore', timeout: 60_000})
      fs.rmSync(stack.dir, {recursive: true, force: true})
    })
    try {
      const desk = prepareDesk(context.tempDir('daemon-throughput'))
      context.log(`daemon-throughput: ${count} applications under query, in process`)
      const queries: ComposedMessage[] = []
      const receipts: ComposedMessage[] = []
      await applicationsUnderQuery(desk.home, count, async message => {
        (isQueryMail(message) ? queries : receipts).push(message)
      })
      context.log(`daemon-throughput: ${count} replies to their query mails, appended to the desk's IMAP mailbox`)
      let replyBytes = 0
      await stack.withClient('nss', async client => {
        for (let i = 0; i < queries.length; i++) {
          const reply = await replyToQuery(queries[i], i)
          replyBytes += reply.length
          await client.append('INBOX', reply)
        }
      })

      context.log('daemon-throughput: the floor (bare imapflow fetch, bare nodemailer sends), before')
      const fetchBefore = await fetchOneByOne(stack)
      if (fetchBefore.messages !== count) throw new Error(`the mailbox holds ${fetchBefore.messages} messages, not ${count}`)
      const sendBefore = await sendOneByOne(stack, receipts.slice(0, count))
      await waitForPostfixQueue(stack)

      context.log('daemon-throughput: nss daemon --once')
      const env = {
        ...desk.ops, NSS_IMAP_URL: stack.imapUrl('nss'), NSS_SMTP_URL: stack.smtpUrl,
        // debug: a --once run logs "daemon started" at debug level only (cron mails what a run prints).
        NODE_EXTRA_CA_CERTS: stack.env.NODE_EXTRA_CA_CERTS, NSS_LOG_LEVEL: 'debug',
      }
      const run = await runDaemonProcess(['daemon', '--once', '--json'], {env, timeoutMs: 30 * 60_000, sampleMs: 200})
      if (run.code !== 0) throw new Error(`nss daemon --once exited ${run.code}: ${run.stdout.slice(0, 2000)}${run.stderr.slice(-3000)}`)
      const cycle = JSON.parse(run.stdout).lastCycle
      const outcomes: Record<string, number> = {}
      for (const result of cycle.inbound) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1
      const acted = (outcomes.amended ?? 0) + (outcomes.withdrawn ?? 0)
      if (acted !== count || cycle.outbox.sent !== count) {
        throw new Error(`the daemon acted on ${acted} of ${count} replies (${JSON.stringify(outcomes)}) and sent ${cycle.outbox.sent} mails`)
      }
      await waitForPostfixQueue(stack)

      context.log('daemon-throughput: the floor again, after')
      const fetchAfter = await fetchOneByOne(stack)
      const sendAfter = await sendOneByOne(stack, receipts.slice(0, count))
      const bulk = await fetchInBulk(stack)
      await waitForPostfixQueue(stack)

      const fetchMs = (fetchBefore.ms + fetchAfter.ms) / 2
      const sendMs = (sendBefore + sendAfter) / 2
      const floor = fetchMs + sendMs
      const log = run.log
      const started = log.find(l => l.msg === 'daemon started')
      const inbound = log.filter(l => l.msg === 'inbound')
      const mails = log.filter(l => l.msg === 'mail')
      const done = log.find(l => l.msg === 'cycle done')
      const perMessage = (ms: number) => `${(ms / count).toFixed(1)} ms a message`
      return {
        figures: [
          {name: `floor: bare imapflow, ${count} messages fetched one by one`, value: fetchMs, unit: 'ms', detail: `before ${fetchBefore.ms.toFixed(0)} ms, after ${fetchAfter.ms.toFixed(0)} ms; ${perMessage(fetchMs)}; ${(fetchBefore.bytes / 2 ** 20).toFixed(1)} MB`},
          {name: `floor: bare nodemailer, ${count} sends`, value: sendMs, unit: 'ms', detail: `before ${sendBefore.toFixed(0)} ms, after ${sendAfter.toFixed(0)} ms; ${perMessage(sendMs)}`},
          {name: 'floor: fetch + sends', value: floor, unit: 'ms'},
          {name: `for context: the same ${count} messages in one FETCH 1:*`, value: bulk, unit: 'ms'},
          {name: `nss daemon --once, ${count} replies end to end`, value: run.ms, unit: 'ms', detail: `${(count / run.ms * 1000).toFixed(0)} replies/s, start-up included`},
          {name: 'nss daemon --once ÷ the floor', value: run.ms / floor, unit: '×', budget: THROUGHPUT_BUDGET_RATIO},
          {name: 'daemon peak RSS (VmHWM) in this run', value: run.peakMb ?? NaN, unit: 'MB'},
        ],
        notes: [
          `${count} replies (${(replyBytes / 2 ** 20).toFixed(1)} MB; Gmail, Outlook, Thunderbird, iPhone Mail; ISO-2022-JP, Shift_JIS, UTF-8; some HTML only): ${JSON.stringify(outcomes)}; ${cycle.outbox.sent} answers sent through Postfix.`,
          `Inside the daemon's run (its log): start-up to "daemon started" ${started ? (Date.parse(started.ts) - run.startedAt).toFixed(0) : '—'} ms; ` +
          `reading and acting on the replies ${between(started, inbound.at(-1)).toFixed(0)} ms (median gap ${median(inbound.slice(1).map((l, i) => between(inbound[i], l))).toFixed(1)} ms a message); ` +
          `sending the answers ${between(inbound.at(-1), mails.at(-1)).toFixed(0)} ms; to "cycle done" ${between(started, done).toFixed(0)} ms; the process ${run.ms.toFixed(0)} ms.`,
          'The floor is taken before and after the daemon\'s run (mean); Postfix\'s queue is drained between the timings, so no delivery of one runs into the next.',
        ],
      }
    } finally {
      dropCleanup()
      await stack.stop()
    }
  },
}
