import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../../src/cli/base-command'

export default class OfficeSendersRemove extends DeskCommand {
  static override summary = 'Stop an address from replying for the acting office'
  static override description = 'From now on a reply from the address is not acted on. The 管理責任者 is told by mail. An address not on the list is exit 3.'
  static override examples = ['<%= config.bin %> office senders remove shared-desk@example.jp --office NACCS01']
  static override args = {address: Args.string({required: true, description: 'mail address'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('office:senders:remove', await this.parse(OfficeSendersRemove))
  }
}
