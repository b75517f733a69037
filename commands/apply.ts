import {Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {readJsonFile} from '../src/cli/read-input'
import {renderSubmissionResult} from '../src/cli/views/result-view'

export default class Apply extends DeskCommand {
  static override summary = 'Apply for system settings (システム設定申込)'
  static override description = 'Validates the application (every problem listed at once, exit 2) and registers it; prints the receipt number. The receipt mail goes to the contact and the office administrator.'
  static override examples = [
    'NSS_OFFICE=NACCS01 NSS_PASSWORD=… <%= config.bin %> apply --file examples/application.json',
    'cat application.json | <%= config.bin %> apply --file - --office NACCS01 --json',
  ]
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the application as JSON; - reads standard input'}),
    office: actorFlags.office,
  }

  async run() {
    const {flags} = await this.parse(Apply)
    const input = await readJsonFile(flags.file)
    const actor = await this.officeActor(flags.office)
    const {applyForSettings} = await import('../src/app/apply.use-case')
    const result = await applyForSettings(await this.desk(), actor, input)
    this.print(renderSubmissionResult(result, this.locale, this.style))
    await this.deliverAfterCommit({receiptNo: result.receiptNo})
    return result
  }
}
