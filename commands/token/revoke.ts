import {Args} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'

export default class TokenRevoke extends DeskCommand {
  static override summary = 'Revoke an API token: from now on it is refused'
  static override description = 'Takes the id nss token list shows. An unknown id is exit 3. Revoking a revoked token again is no error (exit 0; its first revocation time is kept).'
  static override examples = ['<%= config.bin %> token revoke 3f9a0c1b2d4e']
  static override args = {id: Args.string({required: true, description: 'the token id (nss token list)'})}

  async run() {
    const {args} = await this.parse(TokenRevoke)
    const {revokeApiToken} = await import('../../src/app/api-token')
    const revoked = await revokeApiToken(await this.desk(), args.id)
    const {renderRevokedToken} = await import('../../src/cli/views/token-view')
    this.print(renderRevokedToken(revoked, this.locale, this.style))
    return revoked
  }
}
