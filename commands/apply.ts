import {Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {idempotencyKeyFlag} from '../src/cli/idempotency-flag'

export default class Apply extends DeskCommand {
  static override summary = 'Apply for system settings (システム設定申込)'
  static override description = 'Validates the application (every problem listed at once, exit 2) and registers it; prints the receipt number. The receipt mail goes to the contact and the office administrator. With --dry-run it runs the same checks and shows the confirmation screen (システム設定申込内容 確認) instead, changing nothing.'
  static override examples = [
    'NSS_OFFICE=NACCS01 NSS_PASSWORD=… <%= config.bin %> apply --file examples/application.json',
    'cat application.json | <%= config.bin %> apply --file - --office NACCS01 --json',
    '<%= config.bin %> apply --file application.json --idempotency-key batch-2026-12-01-0042 --json   # the same key again: the same receipt number',
    '<%= config.bin %> apply --file application.json --dry-run   # the 確認 screen: what would be registered and every problem; nothing is registered (exit 0 / 2)',
    '<%= config.bin %> apply --file application.json --dry-run --json   # {"valid", "issues", "preview"}',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=nssd_… <%= config.bin %> apply --file application.json --json   # through the desk server',
  ]
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the application as JSON; - reads standard input'}),
    office: actorFlags.office,
    'idempotency-key': idempotencyKeyFlag,
    'dry-run': Flags.boolean({description: 'check only: show what would be registered and every problem (exit 2 if any); nothing is registered, no mail sent, no idempotency key recorded'}),
  }

  async run() {
    return this.runVerb('apply', await this.parse(Apply))
  }
}
