import {Flags} from '@oclif/core'
import {DeskCommand} from '../src/cli/base-command'
import {ConflictError, InfrastructureError} from '../src/domain/errors'
import {text} from '../src/domain/messages/text'

export default class Daemon extends DeskCommand {
  static override summary = 'Deliver mail, read replies, purge expired passwords, apply due registration changes'
  static override description = 'Each cycle delivers the outbox, reads new mail from $NSS_HOME/mail/inbox (or NSS_IMAP_URL) and acts on replies, purges the issued passwords whose window has closed, applies the registration changes whose date has come and purges mail text older than NSS_RETENTION_DAYS. --once runs one cycle (cron); without it the daemon runs until SIGTERM/SIGINT, which let the current message finish. Only one daemon works a store at a time: a --once run that finds another at work exits 0 and does nothing; a long-running daemon waits until the lease is free. Logs are JSON lines on stderr.'
  static override examples = [
    '* * * * * cd /srv/nss && NSS_HOME=/srv/nss/var <%= config.bin %> daemon --once',
    '<%= config.bin %> daemon --interval 30',
  ]
  static override flags = {
    once: Flags.boolean({description: 'run one cycle and exit (for cron)'}),
    interval: Flags.integer({description: 'the longest wait between two cycles, in seconds (new mail wakes the daemon earlier)', default: 60, min: 1, max: 3600}),
  }

  async run() {
    const {flags} = await this.parse(Daemon)
    const [{runDaemon}, {createJsonLogger}] = await Promise.all([import('../src/app/daemon.use-case'), import('../src/app/log')])
    const log = createJsonLogger()
    // SPEC §12: SIGTERM/SIGINT finish the current message, release the lease, exit 0. A second signal
    // while stopping ends the process at once.
    const stop = new AbortController()
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) {
        log.warn('second signal: exiting without finishing', {signal})
        process.exit(1)
      }
      log.info('stopping after the current message', {signal})
      stop.abort()
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
    try {
      const result = await runDaemon(await this.desk(), {once: flags.once, intervalMs: flags.interval * 1000, signal: stop.signal, log})
      if (result.stoppedBy === 'lease-lost') {
        throw new ConflictError(text('cli.daemonLeaseLost'))
      }
      const failures = result.lastCycle?.failures ?? []
      if (flags.once && failures.length > 0) {
        // A cron run reports a step that could not be done (SPEC §9: 6 for a server or store that cannot be used).
        const worst = failures.some(f => f.exitCode === 6) ? 6 : Math.max(...failures.map(f => f.exitCode))
        const problems = failures.map(f => ({path: f.step, message: f.said ?? f.message}))
        if (worst === 6) throw new InfrastructureError(text('cli.daemonStepsFailed', {count: failures.length}), problems)
        // Exit 1: not a server or store, so something unexpected; said in the reader's language all the same.
        const {renderText} = await import('../src/domain/messages')
        throw new Error([renderText(this.locale, text('cli.daemonStepsFailed', {count: failures.length})),
          ...problems.map(p => `${p.path}: ${renderText(this.locale, p.message)}`)].join('\n'))
      }
      if (flags.once && result.lastCycle) {
        const {renderCycleSummary} = await import('../src/cli/views/inbound-view')
        const summary = renderCycleSummary(result.lastCycle)
        if (summary) this.print(summary)
      }
      return result
    } finally {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    }
  }
}
