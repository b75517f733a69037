import {Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'

export default class TokenCreate extends DeskCommand {
  static override summary = 'Create an API token for an office or a reviewer (shown once)'
  static override description = 'For scripts that will talk to the desk server (nss serve, to come). The token is printed once and never again: the store keeps only its SHA-256. Every token expires: --expires-days from 1 to 365, default 90. With --read-only it may read but change nothing.'
  static override examples = [
    '<%= config.bin %> token create --office NACCS01 --name "nightly status check" --read-only --json',
    '<%= config.bin %> token create --reviewer r.sato --name "review scripts" --expires-days 30',
  ]
  static override flags = {
    office: Flags.string({description: 'the office the token acts as'}),
    reviewer: Flags.string({description: 'the reviewer the token acts as'}),
    name: Flags.string({description: 'what the token is for (at most 60 characters)'}),
    // A string, checked by the use case: a bad value is named with every other problem (exit 2).
    'expires-days': Flags.string({description: 'days until it expires: 1–365 (default 90)'}),
    'read-only': Flags.boolean({description: 'the token may read but change nothing', default: false}),
  }

  async run() {
    const {flags} = await this.parse(TokenCreate)
    const {createApiToken} = await import('../../src/app/api-token')
    const created = await createApiToken(await this.desk(), {
      office: flags.office, reviewer: flags.reviewer, name: flags.name, expiresDays: flags['expires-days'], readOnly: flags['read-only'],
    })
    const {renderCreatedToken} = await import('../../src/cli/views/token-view')
    const principal = flags.office !== undefined ? `office ${flags.office.normalize('NFKC').trim().toUpperCase()}` : `reviewer ${flags.reviewer}`
    this.print(renderCreatedToken(created, principal, this.locale, this.style))
    return created
  }
}
