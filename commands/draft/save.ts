import {Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../../src/cli/base-command'

export default class DraftSave extends DeskCommand {
  static override summary = 'Keep an unfinished application or amendment (申込内容を一時保存する)'
  static override description = 'The file is an application as nss apply takes it, or with --receipt the patch of an amendment of that application (the office\'s own, under query) as nss amend takes it. '
    + 'Only its form is checked — a JSON object, known fields, text lengths, at most 4 MiB (exit 2 naming every problem) — not the rules: a draft with a missing field or a date too early is kept. '
    + 'Prints the draft\'s id; --draft ID saves over that draft. A draft not saved again for NSS_DRAFT_DAYS (default 30) is deleted, an amendment\'s also when its application is no longer under query.'
  static override examples = [
    '<%= config.bin %> draft save --file application.json --office NACCS01   # {"draftId": "D…"} with --json',
    '<%= config.bin %> draft save --file amend.json --receipt 2101910C --json   # a draft of an amendment',
    '<%= config.bin %> draft save --file application.json --draft D0123456789ABCDEF   # save over the draft',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=nssd_… <%= config.bin %> draft save --file application.json --json   # through the desk server',
  ]
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the application (or, with --receipt, the amendment\'s patch) as JSON; - reads standard input'}),
    receipt: Flags.string({description: 'a draft of an amendment of this application (申込受付番号, under query)'}),
    draft: Flags.string({description: 'save over this draft (its id) instead of keeping a new one'}),
    office: actorFlags.office,
  }

  async run() {
    return this.runVerb('draft:save', await this.parse(DraftSave))
  }
}
