import {Flags} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../../src/cli/base-command'

export default class MailInbound extends DeskCommand {
  static override summary = 'List the mail the bot read, and what came of each message'
  static override description = 'Newest first. States: stored (read, not yet acted on), done, failed (could not be processed: a parse failure, over NSS_MAX_MESSAGE_BYTES, or not readable from the source; `nss mail reprocess ID` tries again). Outcomes: amended, withdrawn, reply-error, unsigned, unauthenticated, unrouted, bounce-recorded (the bounce came to the signed bounce address of an outbox mail, now `bounced`), bounce-unverified (it names an outbox mail only by quoting its Message-ID: recorded, marks nothing), bounce-unmatched, auto-reply, own, duplicate, unparseable, too-large, error (processing failed unexpectedly; reprocess after the fix), not-a-file (a link, FIFO or directory in the Maildir: never followed or opened), unreadable (EACCES, EIO…), vanished (expunged between listing and reading); these three are set aside in the Maildir\'s failed/ folder or with the IMAP keyword $NssFailed.'
  static override examples = ['<%= config.bin %> mail inbound', '<%= config.bin %> mail inbound --failed --json', '<%= config.bin %> mail inbound --receipt 2101910C']
  static override flags = {
    failed: Flags.boolean({description: 'only the messages that could not be processed'}),
    receipt: Flags.string({description: 'only messages about this receipt number'}),
    limit: Flags.integer({description: 'at most this many (default 50)', min: 1}),
  }

  async run() {
    const {flags} = await this.parse(MailInbound)
    let receiptNo: string | undefined
    if (flags.receipt !== undefined) {
      const {parseReceiptArgument} = await import('../../src/app/application-access')
      receiptNo = parseReceiptArgument(flags.receipt)
    }
    const {listInbound} = await import('../../src/app/inbound-admin.use-case')
    const view = await listInbound(await this.desk(), {failed: flags.failed, receiptNo, limit: flags.limit})
    const {renderInboundList} = await import('../../src/cli/views/inbound-view')
    this.print(renderInboundList(view.messages, this.locale, this.style, terminalWidth()))
    return view
  }
}
