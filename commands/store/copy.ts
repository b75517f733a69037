import {Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {SCREEN_LABELS} from '../../src/cli/labels'

export default class StoreCopy extends DeskCommand {
  static override summary = 'Copy a whole SQLite store to PostgreSQL, and verify it'
  static override description = 'The move from SQLite to PostgreSQL (docs/postgresql.md). The target database must hold no desk rows: an empty database, or one just made by `nss init`. In one transaction it migrates the target, copies every table, and compares each table\'s row count and checksum with the source; any failure leaves the target as it was. Stop the daemons first: what they write during the copy is not copied. The password of --to is never shown; give it in the URL or through PGPASSWORD.'
  static override examples = [
    '<%= config.bin %> store copy --from var/nss.sqlite --to postgres://nss@db.example.jp/nss',
    'PGPASSWORD=… <%= config.bin %> store copy --from /srv/nss/var/nss.sqlite --to postgres://nss@127.0.0.1/nss --json',
  ]
  static override flags = {
    from: Flags.string({required: true, description: 'the SQLite store file (e.g. $NSS_HOME/nss.sqlite)'}),
    to: Flags.string({required: true, description: 'the PostgreSQL database: postgres://user[:password]@host[:port]/database'}),
  }

  async run() {
    const {flags} = await this.parse(StoreCopy)
    const {copyStore} = await import('../../src/store/copy')
    const report = await copyStore(flags.from, flags.to)
    const width = Math.max(...report.tables.map(t => t.table.length), 5)
    const labels = SCREEN_LABELS[this.locale]
    this.print([
      labels.copied(flags.from, report.to, report.migrated),
      ...report.tables.map(t => `  ${t.table.padEnd(width)}  ${labels.copiedTable(t.rows, t.checksum.slice(0, 16))}`),
      labels.copyVerified(report.tables.reduce((sum, t) => sum + t.rows, 0)),
    ].join('\n'))
    return report
  }
}
