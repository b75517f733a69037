import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../src/cli/base-command'

export default class DraftDelete extends DeskCommand {
  static override summary = 'Delete a draft'
  static override examples = ['<%= config.bin %> draft delete D0123456789ABCDEF --office NACCS01']
  static override args = {draftId: Args.string({required: true, description: 'the draft\'s id'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('draft:delete', await this.parse(DraftDelete))
  }
}
