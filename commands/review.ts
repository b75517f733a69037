import {Args, Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'

export default class Review extends DeskCommand {
  static override summary = 'Review an application: ask a question (内容確認) or finish (審査終了)'
  static override description = `--query TEXT sends the notice to the office and puts the application under query. --complete TEXT finishes the review ('' for no notice): passwords are issued for the reset IDs and registration changes are scheduled for the registration date. --check lists findings with ready notice texts; --from-check sends them as a query (with --query TEXT appended). --message TEXT tells the office something without changing the status (in 進行状況 as NACCSセンターからの連絡, in its news and by mail, with the reply form again while under query). --take makes you the owner of an open application (exit 5 when another reviewer owns it, unless --force); --release gives it back.`
  static override examples = [
    `<%= config.bin %> review 2101910C --query 'こちらのパスワード初期化は承る事が出来ません。' --reviewer r.sato`,
    `<%= config.bin %> review 2101932C --complete '' --registration-date 20261204`,
    '<%= config.bin %> review 2101910C --check',
    '<%= config.bin %> review 2101910C --from-check',
    "<%= config.bin %> review 2101910C --message '担当者の異動日をお知らせください。'",
    '<%= config.bin %> review 2101910C --take --reviewer r.sato',
    '<%= config.bin %> review 2101910C --release',
  ]
  static override args = {receiptNo: Args.string({required: true, description: 'receipt number (申込受付番号)'})}
  static override flags = {
    query: Flags.string({description: 'ask the office: the notice (通知内容)'}),
    complete: Flags.string({description: "finish the review: the notice, '' for none"}),
    'registration-date': Flags.string({description: 'NACCS登録日 YYYYMMDD or YYYY-MM-DD (with --complete)'}),
    check: Flags.boolean({description: 'list findings that help the review (nothing changes)'}),
    'from-check': Flags.boolean({description: 'send the findings of --check as a query'}),
    message: Flags.string({description: 'a message to the office (NACCSセンターからの連絡); the status stays (an open application only)'}),
    take: Flags.boolean({description: 'become the owner of the application (exit 5 when another reviewer owns it)'}),
    release: Flags.boolean({description: 'give the application back: nobody owns it'}),
    force: Flags.boolean({description: "with --take / --release: take over or release another reviewer's application"}),
    reviewer: actorFlags.reviewer,
  }

  async run() {
    return this.runVerb('review', await this.parse(Review))
  }
}
