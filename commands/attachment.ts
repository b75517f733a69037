import {Args, Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'

export default class Attachment extends DeskCommand {
  static override summary = 'Save a file an office attached to a reply (添付ファイル) to --out FILE'
  static override description = 'The ID is one that nss status RECEIPT lists under 添付ファイル (Attachments; `attachments` in --json). '
    + 'For the office whose application it is, or a reviewer: another office\'s attachment is exit 4. '
    + 'The file is written with mode 0600 after its SHA-256 is checked; an existing file is refused (exit 2) unless --force. '
    + 'With NSS_URL or a saved nss login, fetched from the desk server (GET /api/v1/attachments/{id}).'
  static override examples = [
    '<%= config.bin %> attachment 12 --out 見積書.pdf --office NACCS01',
    '<%= config.bin %> attachment 12 --out /tmp/a.pdf --reviewer r.sato --force --json',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=… <%= config.bin %> attachment 12 --out a.pdf',
  ]
  static override args = {id: Args.string({required: true, description: 'attachment ID (nss status RECEIPT)'})}
  static override flags = {
    ...actorFlags,
    out: Flags.string({char: 'o', required: true, description: 'the file to write (refused if it exists, unless --force)'}),
    force: Flags.boolean({description: 'overwrite --out if it exists', default: false}),
  }

  async run() {
    return this.runVerb('attachment', await this.parse(Attachment))
  }
}
