import {DeskCommand} from '../src/cli/base-command'

export default class Init extends DeskCommand {
  static override summary = 'Create or migrate the store and create the secret key file'
  static override description = 'Safe to run again: an existing store is migrated, an existing secret key is kept. NSS_HOME (default ./var) holds the store and the key; NSS_DB overrides the database.'
  static override examples = ['<%= config.bin %> init', 'NSS_HOME=/srv/nss <%= config.bin %> init --json']

  async run() {
    await this.parse(Init)
    const {initDesk} = await import('../src/app/init.use-case')
    const result = await initDesk()
    this.print(`store ready: ${result.store}${result.secretKeyCreated ? ` (secret key created in ${result.home})` : ''}`)
    return result
  }
}
