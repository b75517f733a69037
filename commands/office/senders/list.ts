import {actorFlags, DeskCommand} from '../../../src/cli/base-command'

export default class OfficeSendersList extends DeskCommand {
  static override summary = 'List the senders allowed to reply for the acting office (返信を認める送信者)'
  static override description = 'Addresses besides the contact\'s and the 管理責任者\'s from which the mail bot acts on a reply — still only a reply to the signed reply address of the query mail. The acting office: --office or NSS_OFFICE with its password locally, the token\'s office with NSS_URL or a saved nss login.'
  static override examples = ['<%= config.bin %> office senders list --office NACCS01', 'NSS_URL=https://desk.example:8443 NSS_TOKEN=… <%= config.bin %> office senders list --json']
  static override flags = {office: actorFlags.office}

  async run() {
    return this.runVerb('office:senders:list', await this.parse(OfficeSendersList))
  }
}
