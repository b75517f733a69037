import {Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {idempotencyKeyFlag} from '../src/cli/idempotency-flag'

export default class Apply extends DeskCommand {
  static override summary = 'Apply for system settings (システム設定申込)'
  static override description = 'Validates the application (every problem listed at once, exit 2) and registers it; prints the receipt number. The receipt mail goes to the contact and the office administrator.'
  static override examples = [
    'NSS_OFFICE=NACCS01 NSS_PASSWORD=… <%= config.bin %> apply --file examples/application.json',
    'cat application.json | <%= config.bin %> apply --file - --office NACCS01 --json',
    '<%= config.bin %> apply --file application.json --idempotency-key batch-2026-12-01-0042 --json   # the same key again: the same receipt number',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=nssd_… <%= config.bin %> apply --file application.json --json   # through the desk server',
  ]
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the application as JSON; - reads standard input'}),
    office: actorFlags.office,
    'idempotency-key': idempotencyKeyFlag,
  }

  async run() {
    return this.runVerb('apply', await this.parse(Apply))
  }
}
