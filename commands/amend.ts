import {Args, Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'
import {idempotencyKeyFlag} from '../src/cli/idempotency-flag'
import {readJsonFile} from '../src/cli/read-input'
import {renderSubmissionResult} from '../src/cli/views/result-view'

export default class Amend extends DeskCommand {
  static override summary = 'Amend an application under query (申込内容の修正)'
  static override description = `The file is a patch: only the fields given change. An entry's "registration" or "passwordReset" replaces that part (null removes it); {"userCode": "1BNAC", "remove": true} removes an entry. The amended application gets a new receipt number; the original becomes superseded (修正済).`
  static override examples = [
    '<%= config.bin %> amend 2101910C --file examples/amend.json --office NACCS01',
    `echo '{"remarks": "連絡先を変更"}' | <%= config.bin %> amend 2101910C --file - --json`,
  ]
  static override args = {receiptNo: Args.string({required: true, description: 'receipt number (申込受付番号)'})}
  static override flags = {
    file: Flags.string({char: 'f', required: true, description: 'the patch as JSON; - reads standard input'}),
    office: actorFlags.office,
    'idempotency-key': idempotencyKeyFlag,
  }

  async run() {
    const {args, flags} = await this.parse(Amend)
    const {parseReceiptArgument} = await import('../src/app/application-access')
    const receiptNo = parseReceiptArgument(args.receiptNo)
    const {parseIdempotencyKey} = await import('../src/app/idempotency')
    const idempotencyKey = parseIdempotencyKey(flags['idempotency-key'])
    const patch = await readJsonFile(flags.file)
    const actor = await this.officeActor(flags.office)
    const {amendApplication} = await import('../src/app/amend.use-case')
    const result = await amendApplication(await this.desk(), actor, receiptNo, patch, {idempotencyKey})
    this.print(renderSubmissionResult(result, this.locale, this.style))
    await this.deliverAfterCommit({receiptNo: result.receiptNo})
    return result
  }
}
