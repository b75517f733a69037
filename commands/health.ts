import {Flags} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../src/cli/base-command'

export default class Health extends DeskCommand {
  static override summary = 'Check the desk: store, secret key, daemons, failed inbound mail, the outbox, free disk'
  static override description = 'Each check is ok, warn or fail with its reason: the store reachable and migrated; secret.key opens; the daemons\' last cycles (warn after 10 minutes, fail after 60) and their leases (an expired one: its daemon died); inbound mail kept as failed; the outbox — pending mails (the oldest warns after 15 minutes, fails after 2 hours), failed and bounced ones of the last 7 days; free disk in NSS_HOME (fails below NSS_HEALTH_MIN_FREE_MB, default 100, or 2 %; warns below ten times that or 10 %). Exit 0 when nothing fails, 6 when a check fails; with --strict a warning is 6 too. --json prints the whole report in either case.'
  static override examples = [
    '<%= config.bin %> health',
    '<%= config.bin %> health --json --strict || alert "nss-desk needs a look"',
  ]
  static override flags = {
    strict: Flags.boolean({description: 'exit 6 on a warning too'}),
  }

  async run() {
    const {flags} = await this.parse(Health)
    const [{checkHealth}, {loadConfig}, {openContext}] = await Promise.all([
      import('../src/app/health.use-case'), import('../src/app/config'), import('../src/app/context'),
    ])
    const config = loadConfig()
    const report = await checkHealth(config, () => openContext({config}), () => new Date(), {locale: this.locale})
    const {renderHealthReport} = await import('../src/cli/views/health-view')
    this.print(renderHealthReport(report, this.locale, this.style, terminalWidth()))
    if (report.status === 'fail' || (flags.strict && report.status === 'warn')) process.exitCode = 6
    return report
  }
}
