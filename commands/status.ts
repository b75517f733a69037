import {Args, Flags} from '@oclif/core'
import {actorFlags, DeskCommand} from '../src/cli/base-command'

export default class Status extends DeskCommand {
  static override summary = 'News and applications, one application, or its issued passwords'
  static override description = 'Without a receipt number: for an office its 新着情報 (latest 10) and its applications; for a reviewer the review queue: the open applications (received, under query) by due date, with office, status, due date, business days left, owner and last activity (--mine, --unassigned, --overdue narrow it; the due date: for timing date the last business day that still meets the desired date with the registration lead, for earliest the receipt day plus NSS_REVIEW_DAYS business days). With one: the 参照 screen (申込概要, 申込担当者情報, システム設定情報, 進行状況). --passwords shows the passwords issued by a completed password reset to the applying office, until the end of the 3rd business day.'
  static override examples = [
    '<%= config.bin %> status --office NACCS01',
    '<%= config.bin %> status 2101910C --json',
    '<%= config.bin %> status 2101932C --passwords --office NACCS01',
    '<%= config.bin %> status --reviewer r.sato --status received --since 2026-11-01',
    '<%= config.bin %> status --office NACCS01 --limit 0 --json',
    '<%= config.bin %> status --reviewer r.sato --mine',
    '<%= config.bin %> status --reviewer r.sato --unassigned --overdue --json',
  ]
  static override args = {receiptNo: Args.string({description: 'receipt number (申込受付番号)'})}
  static override flags = {
    passwords: Flags.boolean({description: 'show the issued passwords (office only, within the viewing window)'}),
    status: Flags.string({description: 'only applications in this status (received, query, completed, withdrawn, superseded)'}),
    since: Flags.string({description: 'only applications submitted on or after this day (YYYYMMDD or YYYY-MM-DD)'}),
    mine: Flags.boolean({description: "reviewer: only the applications you own (nss review --take)"}),
    unassigned: Flags.boolean({description: 'reviewer: only the applications nobody owns'}),
    overdue: Flags.boolean({description: 'reviewer: only the applications past their due date'}),
    limit: Flags.integer({description: 'at most this many applications, the newest first (default 100); 0 = all. `total` counts every match', min: 0}),
    ...actorFlags,
  }

  async run() {
    return this.runVerb('status', await this.parse(Status))
  }
}
