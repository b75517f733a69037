import {DeskCommand, terminalWidth} from '../../src/cli/base-command'

export default class ReviewerList extends DeskCommand {
  static override summary = 'List the reviewers: ID, name, the address of their notices, whether a password is set'
  static override examples = ['<%= config.bin %> reviewer list', '<%= config.bin %> reviewer list --json']

  async run() {
    await this.parse(ReviewerList)
    const {listReviewers} = await import('../../src/app/master-data.use-case')
    const reviewers = await listReviewers(await this.desk())
    const {renderReviewerList} = await import('../../src/cli/views/reviewer-view')
    this.print(renderReviewerList(reviewers, this.locale, this.style, terminalWidth()))
    return {reviewers}
  }
}
