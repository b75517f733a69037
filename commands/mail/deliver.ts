import {Flags} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../../src/cli/base-command'
import {InfrastructureError} from '../../src/domain/errors'
import {text} from '../../src/domain/messages/text'

export default class MailDeliver extends DeskCommand {
  static override summary = 'Deliver the mails that are due (the outbox step of the daemon)'
  static override description = 'Sends every pending mail whose time has come, and every mail a crashed process left half-sent, through NSS_SMTP_URL or into $NSS_HOME/mail/outbox/. A mail not accepted is tried again later with exponential backoff (1 min, 2 min, 4 min … at most 4 h) up to NSS_MAIL_MAX_ATTEMPTS; a permanent refusal (5xx) marks it failed with the server\'s answer. Exit 6 when the server could not be used (the mails stay pending).'
  static override examples = ['<%= config.bin %> mail deliver', 'NSS_SMTP_URL=smtp://mail.example.jp:587 <%= config.bin %> mail deliver --json']
  static override flags = {
    limit: Flags.integer({description: 'at most this many mails in this run', min: 1}),
  }

  async run() {
    const {flags} = await this.parse(MailDeliver)
    const {deliverOutbox} = await import('../../src/app/deliver-outbox.use-case')
    const report = await deliverOutbox(await this.desk(), {limit: flags.limit})
    const {renderDeliveryReport} = await import('../../src/cli/views/mail-view')
    this.print(renderDeliveryReport(report, this.locale, this.style, terminalWidth()))
    if (report.stoppedBy) {
      throw new InfrastructureError(text('cli.mailServerStopped', {reason: report.stoppedBy, sent: report.sent}))
    }
    return report
  }
}
