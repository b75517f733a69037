import {Args} from '@oclif/core'
import {actorFlags, DeskCommand, terminalWidth} from '../../src/cli/base-command'

export default class OfficeShow extends DeskCommand {
  static override summary = 'Show an office\'s contract (契約内容確認): user codes, user IDs, current values and scheduled changes'
  static override description = 'Without a code, the acting office\'s own contract: --office or NSS_OFFICE with its password locally, the token\'s office with NSS_URL or a saved nss login. '
    + 'An office may name only its own code (another office\'s is exit 4); a reviewer names any office. '
    + 'With no actor at all (no --office / --reviewer, no NSS_OFFICE / NSS_REVIEWER / NSS_TOKEN, no NSS_URL), ops on the desk\'s host see any office by its code.'
  static override examples = [
    '<%= config.bin %> office show --office NACCS01',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=… <%= config.bin %> office show --json',
    '<%= config.bin %> office show NACCS01 --reviewer r.sato',
    '<%= config.bin %> office show NACCS01',
  ]
  static override args = {code: Args.string({required: false, description: 'office code (none: the acting office\'s own)'})}
  static override flags = {...actorFlags}

  async run() {
    const parsed = await this.parse(OfficeShow)
    const {office, reviewer} = parsed.flags
    const hasActor = Boolean(office || reviewer || process.env.NSS_OFFICE || process.env.NSS_REVIEWER || process.env.NSS_TOKEN?.trim())
    if (hasActor) return this.runVerb('office:show', parsed)
    // Ops on the desk's host: no login, any office by its code.
    if (!parsed.args.code) {
      const {AuthError} = await import('../../src/domain/errors')
      const {text} = await import('../../src/domain/messages/text')
      throw new AuthError(text('cli.officeShowWho'))
    }
    const {showOffice} = await import('../../src/app/master-data.use-case')
    const view = await showOffice(await this.desk(), parsed.args.code)
    const {renderOfficeView} = await import('../../src/cli/views/office-view')
    this.print(renderOfficeView(view, view.locale, this.style, terminalWidth()))
    return view
  }
}
