import {Args, Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {idempotencyKeyFlag} from '../src/cli/idempotency-flag'

export default class Amend extends DeskCommand {
  static override summary = 'Amend an application under query (申込内容の修正)'
  static override description = `The file is a patch: only the fields given change. An entry's "registration" or "passwordReset" replaces that part (null removes it); {"userCode": "1BNAC", "remove": true} removes an entry. The amended application gets a new receipt number; the original becomes superseded (修正済). With --dry-run the same checks run and nothing changes.`
  static override examples = [
    '<%= config.bin %> amend 2101910C --file examples/amend.json --office NACCS01',
    `echo '{"remarks": "連絡先を変更"}' | <%= config.bin %> amend 2101910C --file - --json`,
    '<%= config.bin %> amend 2101910C --file examples/amend.json --dry-run   # each change as current → new, and every problem; nothing is registered (exit 0 / 2)',
  ]
  static override args = {receiptNo: Args.string({required: true, description: 'receipt number (申込受付番号)'})}
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the patch as JSON; - reads standard input'}),
    office: actorFlags.office,
    'idempotency-key': idempotencyKeyFlag,
    'dry-run': Flags.boolean({description: 'check only: show the amended application, each change as current → new, and every problem (exit 2 if any); nothing is registered, no mail sent'}),
  }

  async run() {
    return this.runVerb('amend', await this.parse(Amend))
  }
}
