import {Args} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../../src/cli/base-command'
import {InvalidInputError} from '../../src/domain/errors'
import {text} from '../../src/domain/messages/text'

export default class MailRetry extends DeskCommand {
  static override summary = 'Queue a failed mail again and try it once now'
  static override description = 'For a mail in state failed (or bounced), after the cause is fixed (the address, the template, the server). It keeps its Message-ID; its attempts start again from zero. If this one attempt does not succeed, `nss mail deliver` or the daemon goes on trying.'
  static override examples = ['<%= config.bin %> mail retry 42']
  static override args = {id: Args.string({required: true, description: 'the mail id (nss mail outbox)'})}

  async run() {
    const {args} = await this.parse(MailRetry)
    const id = Number(args.id)
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new InvalidInputError(text('cli.notMailId', {given: args.id}), [{path: 'id', message: text('cli.mailIdForm')}])
    }
    const {requeueMail, showOutboxMail} = await import('../../src/app/mail-admin.use-case')
    const ctx = await this.desk()
    await requeueMail(ctx, id)
    await this.deliverAfterCommit({rowIds: [id]})
    const view = await showOutboxMail(ctx, id)
    const {renderOutbox} = await import('../../src/cli/views/mail-view')
    this.print(renderOutbox([view], this.locale, this.style, terminalWidth()))
    return view
  }
}
