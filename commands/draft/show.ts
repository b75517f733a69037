import {Args} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../src/cli/base-command'

export default class DraftShow extends DeskCommand {
  static override summary = 'Show a draft and every problem its submission would meet'
  static override description = 'The checks of nss apply (or nss amend) --dry-run, on the draft: what would be registered (the 確認 screen) and every problem; nothing changes. Another office\'s draft is exit 4; a draft gone (expired, or amending an application no longer under query) exit 3.'
  static override examples = ['<%= config.bin %> draft show D0123456789ABCDEF --office NACCS01', '<%= config.bin %> draft show D0123456789ABCDEF --json   # {"draftId", "content", "valid", "problems", "preview", …}']
  static override args = {draftId: Args.string({required: true, description: 'the draft\'s id, as nss draft save printed it'})}
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('draft:show', await this.parse(DraftShow))
  }
}
