import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../src/cli/base-command'

export default class DraftSubmit extends DeskCommand {
  static override summary = 'Submit a draft: apply (or amend) with it'
  static override description = 'The same as nss apply (a draft of an amendment: nss amend R) with the draft\'s content: the same checks, the same receipt number and mails, the same --json. The draft is deleted with the submission; with a problem nothing is registered, the draft stays and every problem is named (exit 2). A draft submitted already is exit 3.'
  static override examples = ['<%= config.bin %> draft submit D0123456789ABCDEF --office NACCS01', '<%= config.bin %> draft submit D0123456789ABCDEF --json   # {"receiptNo", "status", "supersedes"}']
  static override args = {draftId: Args.string({required: true, description: 'the draft\'s id'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('draft:submit', await this.parse(DraftSubmit))
  }
}
