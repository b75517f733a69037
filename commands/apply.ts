import {Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {idempotencyKeyFlag} from '../src/cli/idempotency-flag'
import {readJsonFile} from '../src/cli/read-input'
import {renderSubmissionResult} from '../src/cli/views/result-view'

export default class Apply extends DeskCommand {
  static override summary = 'Apply for system settings (システム設定申込)'
  static override description = 'Validates the application (every problem listed at once, exit 2) and registers it; prints the receipt number. The receipt mail goes to the contact and the office administrator.'
  static override examples = [
    'NSS_OFFICE=NACCS01 NSS_PASSWORD=… <%= config.bin %> apply --file examples/application.json',
    'cat application.json | <%= config.bin %> apply --file - --office NACCS01 --json',
    '<%= config.bin %> apply --file application.json --idempotency-key batch-2026-12-01-0042 --json   # the same key again: the same receipt number',
  ]
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the application as JSON; - reads standard input'}),
    office: actorFlags.office,
    'idempotency-key': idempotencyKeyFlag,
  }

  async run() {
    const {flags} = await this.parse(Apply)
    const {parseIdempotencyKey} = await import('../src/app/idempotency')
    const idempotencyKey = parseIdempotencyKey(flags['idempotency-key'])
    const input = await readJsonFile(flags.file)
    const actor = await this.officeActor(flags.office)
    const {applyForSettings} = await import('../src/app/apply.use-case')
    const result = await applyForSettings(await this.desk(), actor, input, {idempotencyKey})
    this.print(renderSubmissionResult(result, this.locale, this.style))
    await this.deliverAfterCommit({receiptNo: result.receiptNo})
    return result
  }
}
