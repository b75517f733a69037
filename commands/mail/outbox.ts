import {Flags} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../../src/cli/base-command'

export default class MailOutbox extends DeskCommand {
  static override summary = 'List the outbox: each mail, its state, attempts and the last answer'
  static override description = 'Newest first. States: pending (waiting for its next attempt), sending (claimed by a process until the time shown — a process killed while sending leaves its row so until then, when the next run takes it again), sent, failed (refused or given up: see the last error; `nss mail retry ID` queues it again), bounced.'
  static override examples = ['<%= config.bin %> mail outbox', '<%= config.bin %> mail outbox --status failed --json', '<%= config.bin %> mail outbox --receipt 2101910C', '<%= config.bin %> mail outbox --status sending   # claimed, with the claim\'s expiry']
  static override flags = {
    status: Flags.string({description: 'only mails in this state', options: ['pending', 'sending', 'sent', 'failed', 'bounced']}),
    receipt: Flags.string({description: 'only mails about this receipt number'}),
    limit: Flags.integer({description: 'at most this many (default 50)', min: 1}),
  }

  async run() {
    const {flags} = await this.parse(MailOutbox)
    const {listOutbox} = await import('../../src/app/mail-admin.use-case')
    let receiptNo: string | undefined
    if (flags.receipt !== undefined) {
      const {parseReceiptArgument} = await import('../../src/app/application-access')
      receiptNo = parseReceiptArgument(flags.receipt)
    }
    const view = await listOutbox(await this.desk(), {status: flags.status, receiptNo, limit: flags.limit})
    const {renderOutbox} = await import('../../src/cli/views/mail-view')
    this.print(renderOutbox(view.mails, this.locale, this.style, terminalWidth()))
    return view
  }
}
