import {Args} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../../src/cli/base-command'
import {renderOfficeView} from '../../src/cli/views/office-view'

export default class OfficeShow extends DeskCommand {
  static override summary = 'Show an office: user codes, user IDs, current values and scheduled changes'
  static override examples = ['<%= config.bin %> office show NACCS01']
  static override args = {code: Args.string({required: true, description: 'office code'})}

  async run() {
    const {args} = await this.parse(OfficeShow)
    const {showOffice} = await import('../../src/app/master-data.use-case')
    const view = await showOffice(await this.desk(), args.code)
    this.print(renderOfficeView(view, view.locale, this.style, terminalWidth()))
    return view
  }
}
