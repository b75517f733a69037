import {Args} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {InvalidInputError} from '../../src/domain/errors'
import {text} from '../../src/domain/messages/text'

export default class MailReprocess extends DeskCommand {
  static override summary = 'Process an inbound message that could not be processed, once more'
  static override description = 'For a message listed by `nss mail inbound --failed`: one that failed to parse, or one over NSS_MAX_MESSAGE_BYTES (raise the limit first: the message is read again from the Maildir or IMAP mailbox). It goes through the same steps as the daemon and gets the answers a new message would. A message already processed is refused (exit 5): each message has one outcome. Exit 2 when it still cannot be processed.'
  static override examples = ['<%= config.bin %> mail reprocess 17', 'NSS_MAX_MESSAGE_BYTES=52428800 <%= config.bin %> mail reprocess 17 --json']
  static override args = {id: Args.string({required: true, description: 'the inbound message id (nss mail inbound)'})}

  async run() {
    const {args} = await this.parse(MailReprocess)
    const id = Number(args.id)
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new InvalidInputError(text('cli.notInboundId', {given: args.id}), [{path: 'id', message: text('cli.inboundIdForm')}])
    }
    const {reprocessInbound} = await import('../../src/app/inbound-admin.use-case')
    const ctx = await this.desk()
    const result = await reprocessInbound(ctx, id)
    // The answers it caused (receipt, withdrawal or reply-error mail) are tried at once, as after any command.
    for (const receiptNo of [result.receiptNo, result.newReceiptNo]) if (receiptNo) await this.deliverAfterCommit({receiptNo})
    const {renderReprocessResult} = await import('../../src/cli/views/inbound-view')
    this.print(renderReprocessResult(result, this.locale, this.style))
    return result
  }
}
