/**
 * Issue 6 part 5: the daemon's memory with a backlog. 10,000 messages wait in the desk's Maildir (the
 * embedded default, $NSS_HOME/mail/inbox): real replies to real query mails (amendments and
 * withdrawals), and among them twenty of 20 MB — a reply with a scanned document attached — over
 * NSS_MAX_MESSAGE_BYTES (10 MB), so recorded with their size and never read (SPEC §11 Limits).
 *
 * A long-running `nss daemon` works the backlog off: every reply acted on and answered (the answers
 * go to the spool folder). Its peak resident set (VmHWM, /proc/PID/status) is read while it runs; once
 * the cycle that read the backlog is done it is stopped with SIGTERM. Budget: peak RSS ≤ 200 MB.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {ComposedMessage} from '../src/mail/outbound/message'
import {runDaemonProcess} from './daemon-process'
import {applicationsUnderQuery, countFiles, deliverToMaildir, deliverWrittenToMaildir, isQueryMail, replyToQuery, writeLargeReply} from './mail-backlog'
import {BenchContext, folderMegabytes, prepareDesk, Section, SectionOutput} from './section'

/** Issue 6 part 5: the daemon's peak resident set at most this many MB. */
export const MEMORY_BUDGET_MB = 200

/** The store's files (nss.sqlite and its WAL) in MB. */
function storeMegabytes(home: string): number {
  return fs.readdirSync(home).filter(name => name.startsWith('nss.sqlite')).reduce((sum, name) => sum + fs.statSync(path.join(home, name)).size, 0) / 2 ** 20
}

/** The size of each large message (the issue: 20 MB). */
const LARGE_MESSAGE_BYTES = 20 * 2 ** 20

export const daemonMemorySection: Section = {
  name: 'daemon-memory',
  summary: 'nss daemon peak RSS working off a Maildir backlog of 10,000 messages with twenty of 20 MB (issue 6 part 5)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const {backlog, largeMessages} = context.options
    if (largeMessages > backlog) throw new Error('--large-messages cannot exceed --backlog')
    const replies = backlog - largeMessages
    const desk = prepareDesk(context.tempDir('daemon-memory'))
    const inbox = path.join(desk.home, 'mail', 'inbox')
    for (const dir of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(inbox, dir), {recursive: true})

    // Replies go into the Maildir as their query mails are made, batch by batch; a large one after
    // every `spacing` replies, so the large messages are spread through the backlog.
    context.log(`daemon-memory: ${replies} applications under query and a reply to each, ${largeMessages} of them also with a 20 MB reply, into the Maildir`)
    const spacing = Math.max(1, Math.floor(replies / Math.max(1, largeMessages)))
    let delivered = 0
    let large = 0
    let queries = 0
    await applicationsUnderQuery(desk.home, replies, async (message: ComposedMessage) => {
      if (!isQueryMail(message)) return
      deliverToMaildir(inbox, await replyToQuery(message, queries), delivered++)
      queries++
      if (large < largeMessages && queries % spacing === 0) {
        await deliverWrittenToMaildir(inbox, delivered++, file => writeLargeReply(message, LARGE_MESSAGE_BYTES, file))
        large++
      }
    })
    const waiting = countFiles(path.join(inbox, 'new'))
    if (waiting !== backlog) throw new Error(`the Maildir holds ${waiting} messages, not ${backlog}`)
    const inboxMb = folderMegabytes(inbox)

    context.log(`daemon-memory: nss daemon over ${backlog} messages (${inboxMb.toFixed(0)} MB)`)
    let drainedAtMs: number | null = null
    const run = await runDaemonProcess(['daemon', '--interval', '3600'], {
      env: {...desk.ops, NSS_LOG_LEVEL: 'info'},
      sampleMs: 50,
      timeoutMs: 60 * 60_000,
      // The first cycle lists the whole backlog; it is drained once that cycle is done and new/ is empty.
      isDone: (log, elapsedMs) => {
        const isDrained = log.some(l => l.msg === 'cycle done') && countFiles(path.join(inbox, 'new')) === 0
        if (isDrained) drainedAtMs ??= elapsedMs
        return isDrained
      },
    })
    if (run.code !== 0) throw new Error(`nss daemon exited ${run.code}: ${run.stderr.slice(-3000)}`)
    const outcomes: Record<string, number> = {}
    for (const line of run.log.filter(l => l.msg === 'inbound')) outcomes[String(line.outcome)] = (outcomes[String(line.outcome)] ?? 0) + 1
    const acted = (outcomes.amended ?? 0) + (outcomes.withdrawn ?? 0)
    const sent = run.log.filter(l => l.msg === 'mail' && l.status === 'sent').length
    if (acted !== replies || (outcomes['too-large'] ?? 0) !== largeMessages || sent !== replies) {
      throw new Error(`the daemon acted on ${acted} of ${replies} replies and sent ${sent} answers; outcomes ${JSON.stringify(outcomes)}`)
    }

    const highest = run.rss.reduce((top, sample) => sample[1] > top[1] ? sample : top, [0, 0])
    const rssAt = (share: number) => run.rss[Math.min(run.rss.length - 1, Math.floor(share * run.rss.length))]?.[1] ?? NaN
    return {
      figures: [
        {name: `Maildir backlog: ${backlog} messages, ${largeMessages} of 20 MB`, value: inboxMb, unit: 'MB'},
        {name: 'nss daemon, the backlog worked off', value: (drainedAtMs ?? run.ms) / 1000, unit: 's', detail: `${(backlog / (drainedAtMs ?? run.ms) * 1000).toFixed(0)} messages/s, start-up included`},
        {
          name: 'nss daemon peak RSS (VmHWM)', value: run.peakMb ?? NaN, unit: 'MB', budget: MEMORY_BUDGET_MB,
          detail: `/proc/PID/status every 50 ms, ${run.rss.length} samples`,
        },
      ],
      notes: [
        `Outcomes: ${JSON.stringify(outcomes)}; ${sent} answers written to the spool folder. The store grew to ${storeMegabytes(desk.home).toFixed(0)} MB (it keeps each message read, raw).`,
        `RSS while working (MB): at 10 % of the run ${rssAt(0.1)}, 50 % ${rssAt(0.5)}, 90 % ${rssAt(0.9)}; highest sample ${highest[1]} at ${(highest[0] / 1000).toFixed(1)} s of ${(run.ms / 1000).toFixed(1)} s (the backlog drained at ${((drainedAtMs ?? run.ms) / 1000).toFixed(1)} s).`,
      ],
    }
  },
}
