import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../../src/cli/base-command'

export default class OfficeSendersAdd extends DeskCommand {
  static override summary = 'Allow an address to reply for the acting office (a shared mailbox, a colleague)'
  static override description = 'A reply from the address is acted on like the contact\'s when it goes to the signed reply address of the query mail; to any other address it is not. The 管理責任者 is told by mail of every change. At most 20 addresses; not one at the desk\'s own domain (exit 2). An address already on the list changes nothing.'
  static override examples = ['<%= config.bin %> office senders add shared-desk@example.jp --office NACCS01']
  static override args = {address: Args.string({required: true, description: 'mail address'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('office:senders:add', await this.parse(OfficeSendersAdd))
  }
}
