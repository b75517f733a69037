import {actorFlags, DeskCommand} from '../../src/cli/base-command'

export default class DraftList extends DeskCommand {
  static override summary = 'List the acting office\'s drafts (一時保存した申込内容)'
  static override description = 'The latest saved first, with the application each amends and until when it is kept. Drafts are the office\'s own.'
  static override examples = ['<%= config.bin %> draft list --office NACCS01', '<%= config.bin %> draft list --json']
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('draft:list', await this.parse(DraftList))
  }
}
