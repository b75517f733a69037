import {Args} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {readNewPassword} from '../../src/cli/new-password'
import {SCREEN_LABELS} from '../../src/cli/labels'

export default class OfficePasswd extends DeskCommand {
  static override summary = 'Set an office login password (事業所パスワード)'
  static override description = 'The password is read from NSS_PASSWORD or asked for twice on the terminal; never from a flag.'
  static override examples = ['NSS_PASSWORD=… <%= config.bin %> office passwd NACCS01', '<%= config.bin %> office passwd NACCS01']
  static override args = {code: Args.string({required: true, description: 'office code'})}

  async run() {
    const {args} = await this.parse(OfficePasswd)
    const password = await readNewPassword('office', args.code)
    const {setOfficePassword} = await import('../../src/app/master-data.use-case')
    const result = await setOfficePassword(await this.desk(), args.code, password)
    this.print(SCREEN_LABELS[this.locale].officePasswordSet(result.office))
    return result
  }
}
