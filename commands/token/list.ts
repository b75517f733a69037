import {DeskCommand, terminalWidth} from '../../src/cli/base-command'

export default class TokenList extends DeskCommand {
  static override summary = 'List the API tokens: principal, name, access, created, expires, last used, revoked'
  static override description = 'Newest first, revoked and expired ones included. Never shows a token or its hash: a lost token is revoked and a new one created.'
  static override examples = ['<%= config.bin %> token list', '<%= config.bin %> token list --json']

  async run() {
    await this.parse(TokenList)
    const {listApiTokens} = await import('../../src/app/api-token')
    const tokens = await listApiTokens(await this.desk())
    const {renderTokenList} = await import('../../src/cli/views/token-view')
    this.print(renderTokenList(tokens, this.locale, this.style, terminalWidth()))
    return {tokens}
  }
}
