import {Flags} from '@oclif/core'
import {DeskCommand} from '../src/cli/base-command'
import {SCREEN_LABELS} from '../src/cli/labels'

export default class Init extends DeskCommand {
  static override summary = 'Create or migrate the store and create the secret key file'
  static override description = 'Safe to run again: an existing store is migrated, an existing secret key is kept. NSS_HOME (default ./var) holds the store and the key; NSS_DB overrides the database. NSS_HOME, the store, the key and the mail folders are made the operator\'s alone (0700 / 0600). A missing secret key is made anew only for a store that holds no data made with it: otherwise restore it from the backup, or give --new-secret.'
  static override examples = ['<%= config.bin %> init', 'NSS_HOME=/srv/nss <%= config.bin %> init --json']
  static override flags = {
    'new-secret': Flags.boolean({description: 'make a new secret key although the store holds data made with the missing one (sealed passwords become unreadable, replies to earlier mails unsigned)'}),
  }

  async run() {
    const {flags} = await this.parse(Init)
    const {initDesk} = await import('../src/app/init.use-case')
    const result = await initDesk({newSecret: flags['new-secret']})
    const labels = SCREEN_LABELS[this.locale]
    for (const change of result.tightened) this.print(labels.modeTightened(change.path, change.from, change.to))
    this.print(labels.storeReady(result.store, result.secretKeyCreated ? result.home : null))
    return result
  }
}
