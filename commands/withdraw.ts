import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {renderTransitionResult} from '../src/cli/views/result-view'

export default class Withdraw extends DeskCommand {
  static override summary = 'Withdraw an application (取下げ)'
  static override examples = ['<%= config.bin %> withdraw 2101910C --office NACCS01']
  static override args = {receiptNo: Args.string({required: true, description: 'receipt number (申込受付番号)'})}
  static override flags = {office: actorFlags.office}

  async run() {
    const {args, flags} = await this.parse(Withdraw)
    const {parseReceiptArgument} = await import('../src/app/application-access')
    const receiptNo = parseReceiptArgument(args.receiptNo)
    const actor = await this.officeActor(flags.office)
    const {withdrawApplication} = await import('../src/app/withdraw.use-case')
    const result = await withdrawApplication(await this.desk(), actor, receiptNo)
    this.print(renderTransitionResult(result, this.locale, this.style))
    await this.deliverAfterCommit({receiptNo: result.receiptNo})
    return result
  }
}
