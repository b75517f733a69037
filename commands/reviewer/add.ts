import {Args, Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'
import {readNewPassword} from '../../src/cli/new-password'

export default class ReviewerAdd extends DeskCommand {
  static override summary = 'Add a reviewer (center staff) account, or reset its password'
  static override description = 'The password is read from NSS_PASSWORD or asked for twice on the terminal; never from a flag.'
  static override examples = [
    'NSS_PASSWORD=… <%= config.bin %> reviewer add r.sato --name "佐藤 花子"',
    'NSS_PASSWORD=… <%= config.bin %> reviewer add r.sato --name "佐藤 花子" --email sato@naccs.example.jp',
  ]
  static override args = {id: Args.string({required: true, description: 'reviewer ID'})}
  static override flags = {
    name: Flags.string({required: true, description: 'display name'}),
    email: Flags.string({description: "where the staff's notices reach the reviewer (nss reviewer set changes it); left out, a reviewer added again keeps its address"}),
  }

  async run() {
    const {args, flags} = await this.parse(ReviewerAdd)
    const password = await readNewPassword('reviewer', args.id)
    const {addReviewer} = await import('../../src/app/master-data.use-case')
    const result = await addReviewer(await this.desk(), args.id, flags.name, password, flags.email)
    const {renderReviewerLine} = await import('../../src/cli/views/reviewer-view')
    this.print(renderReviewerLine(result, this.locale, this.style))
    return result
  }
}
