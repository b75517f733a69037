import {Args, Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {renderImportResult} from '../../src/cli/views/result-view'

export default class OfficeImport extends DeskCommand {
  static override summary = 'Load offices, user codes and user IDs from JSON or CSV'
  static override description = 'One transaction: one bad row rejects the whole file with every problem listed (file, line, column, reason). Re-importing updates in place; nothing is deleted.'
  static override examples = [
    '<%= config.bin %> office import examples/offices.json',
    '<%= config.bin %> office import offices.csv --encoding cp932',
  ]
  static override args = {file: Args.string({required: true, description: 'a .json or .csv file'})}
  static override flags = {
    encoding: Flags.string({options: ['utf8', 'cp932'], default: 'utf8', description: 'cp932 for CSV saved by Japanese Excel'}),
    format: Flags.string({options: ['json', 'csv'], description: 'default: from the file extension'}),
  }

  async run() {
    const {args, flags} = await this.parse(OfficeImport)
    const {readMasterDataFile} = await import('../../src/app/master-data-file')
    const offices = readMasterDataFile(args.file, {
      encoding: flags.encoding as 'utf8' | 'cp932', format: flags.format as 'json' | 'csv' | undefined,
    })
    const {importOffices} = await import('../../src/app/master-data.use-case')
    const result = await importOffices(await this.desk(), offices)
    this.print(renderImportResult(result, this.locale, this.style))
    return result
  }
}
