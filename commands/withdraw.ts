import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'

export default class Withdraw extends DeskCommand {
  static override summary = 'Withdraw an application (取下げ)'
  static override examples = ['<%= config.bin %> withdraw 2101910C --office NACCS01']
  static override args = {receiptNo: Args.string({required: true, description: 'receipt number (申込受付番号)'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('withdraw', await this.parse(Withdraw))
  }
}
