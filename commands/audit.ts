import {Flags} from '@oclif/core'
import {DeskCommand, terminalWidth} from '../src/cli/base-command'

export default class Audit extends DeskCommand {
  static override summary = 'List the audit events: who did what, the newest first'
  static override description = 'Every lifecycle event (apply, amend, withdraw, query, complete, message) with its actor — office:CODE, reviewer:ID, or mail:ID when the mail bot acted on inbound message ID (nss mail inbound) — and take / release, password viewings and changes, failed logins and lock-outs, API tokens created and revoked. An ops command on the desk\'s host.'
  static override examples = [
    '<%= config.bin %> audit',
    '<%= config.bin %> audit --receipt 2101910C',
    '<%= config.bin %> audit --since 2026-11-01 --limit 0 --json',
  ]
  static override flags = {
    receipt: Flags.string({description: 'only the events of this receipt number'}),
    since: Flags.string({description: 'only events on or after this day (YYYYMMDD or YYYY-MM-DD, Japan)'}),
    limit: Flags.integer({description: 'at most this many, the newest first (default 100); 0 = all', min: 0}),
  }

  async run() {
    const {flags} = await this.parse(Audit)
    let receiptNo: string | undefined
    if (flags.receipt !== undefined) {
      const {parseReceiptArgument} = await import('../src/domain/receipt-number')
      receiptNo = parseReceiptArgument(flags.receipt)
    }
    const {listAuditEvents} = await import('../src/app/audit')
    const result = await listAuditEvents(await this.desk(), {receiptNo, since: flags.since, limit: flags.limit})
    const {renderAuditEvents} = await import('../src/cli/views/audit-view')
    this.print(renderAuditEvents(result, this.locale, this.style, terminalWidth()))
    return result
  }
}
