import {Args, Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {SCREEN_LABELS} from '../../src/cli/labels'

export default class StoreBackup extends DeskCommand {
  static override summary = 'Back up the SQLite store into a new file, consistently, while the desk runs'
  static override description = 'SQLite\'s online backup of the store (NSS_DB, else $NSS_HOME/nss.sqlite; or --from) into FILE, which must not exist, as one snapshot: the CLI and the daemon go on writing meanwhile. The copy is written 0600, checked (integrity_check, and every table\'s row count and checksum against the snapshot) and only then given its name. Restore: stop the daemon and the server, put the file in place of the store, start them (docs/operations.md). A PostgreSQL store is backed up with pg_dump.'
  static override examples = [
    '<%= config.bin %> store backup /srv/backup/nss-$(date +%Y%m%d).sqlite',
    '<%= config.bin %> store backup --from var/nss.sqlite /tmp/nss-copy.sqlite --json',
  ]
  static override args = {file: Args.string({required: true, description: 'the new backup file'})}
  static override flags = {
    from: Flags.string({description: 'the SQLite store file (default: the desk\'s own store)'}),
  }

  async run() {
    const {args, flags} = await this.parse(StoreBackup)
    const {backupStoreOfDesk} = await import('../../src/app/backup.use-case')
    const report = await backupStoreOfDesk(args.file, flags.from)
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0)
    this.print(SCREEN_LABELS[this.locale].backedUp(report.from, report.file, report.bytes, report.tables.length, rows, report.lastMigration))
    return report
  }
}
