import {Args, Flags} from '@oclif/core'
import {DeskCommand} from '../../src/cli/base-command'

export default class ReviewerSet extends DeskCommand {
  static override summary = "Change a reviewer's name or the address its notices go to"
  static override description = "The staff's notices (a new application, an amendment, a withdrawal, a mail to an office that failed or bounced) go to the application's owner, else to every reviewer with an address and to NSS_STAFF_EMAIL. --email '' removes the address."
  static override examples = [
    '<%= config.bin %> reviewer set r.sato --email sato@naccs.example.jp',
    "<%= config.bin %> reviewer set r.sato --email ''",
    '<%= config.bin %> reviewer set r.sato --name "佐藤 花子"',
  ]
  static override args = {id: Args.string({required: true, description: 'reviewer ID'})}
  static override flags = {
    name: Flags.string({description: 'display name'}),
    email: Flags.string({description: "the address of the staff's notices ('' for none)"}),
  }

  async run() {
    const {args, flags} = await this.parse(ReviewerSet)
    const {setReviewer} = await import('../../src/app/master-data.use-case')
    const result = await setReviewer(await this.desk(), args.id, {name: flags.name, email: flags.email})
    const {renderReviewerLine} = await import('../../src/cli/views/reviewer-view')
    this.print(renderReviewerLine(result, this.locale, this.style))
    return result
  }
}
