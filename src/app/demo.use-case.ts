import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {FIELD_LABELS} from '../domain/messages'
import {REGISTRATION_FIELD_LABELS, RegistrationField} from '../domain/vocabulary'
import {MaildirSource} from '../mail/inbound/maildir'
import {mailboxOf, replyAddressFor} from '../mail/reply-address'
import {OutboxMailEntity} from '../store/entities'
import {applyForSettings} from './apply.use-case'
import {loadConfig} from './config'
import {DeskContext, openContext} from './context'
import {MailSourceKeeper, runCycle} from './daemon.use-case'
import {deliverOutbox} from './deliver-outbox.use-case'
import {viewPasswords} from './issued-passwords'
import {silentLogger} from './log'
import {readMasterDataFile} from './master-data-file'
import {previewMails} from './mail-admin.use-case'
import {inboxDir} from './mail-source'
import {packageRoot} from '../package-root'
import {addReviewer, importOffices, setOfficePassword} from './master-data.use-case'
import {completeApplication, checkForReview, queryFromCheck} from './review.use-case'
import {ensureSecretKey} from './secret-key'
import {listStatus, showApplication} from './status.use-case'
import type {ApplicationView, ImportResult, PasswordsView, ReviewCheckView, StatusListView, SubmissionResult, TransitionResult} from './views'

/** The examples shipped with the desk: the seed's office and application. */
export const EXAMPLES_DIR = path.join(packageRoot(), 'examples')

/** One step of the demo: a title and what the step returned, for the edge to print. */
export type DemoStep =
  | {title: string; kind: 'import'; value: ImportResult}
  | {title: string; kind: 'submission'; value: SubmissionResult}
  | {title: string; kind: 'transition'; value: TransitionResult}
  | {title: string; kind: 'check'; value: ReviewCheckView}
  | {title: string; kind: 'application'; value: ApplicationView}
  | {title: string; kind: 'list'; value: StatusListView}
  | {title: string; kind: 'passwords'; value: PasswordsView}
  | {title: string; kind: 'mail'; value: DemoMail[]}
  | {title: string; kind: 'reply'; value: DemoReply}
  | {title: string; kind: 'bot'; value: DemoBotOutcome[]}

/** A mail the demo delivered (into the temporary home's spool folder) and shows: its subject and text. */
export interface DemoMail {
  kind: string
  to: string[]
  messageId: string
  status: string
  subject: string
  text: string
}

/** The office's reply to the query mail, as placed in the Maildir: its headers and text. */
export interface DemoReply {
  file: string
  from: string
  to: string
  subject: string
  inReplyTo: string
  text: string
}

/** What the mail bot (one daemon cycle) made of a message in the Maildir. */
export interface DemoBotOutcome {
  ref: string
  outcome: string
  receiptNo: string | null
  newReceiptNo: string | null
}

/**
 * nss demo: the seed's whole scenario in a fresh temporary home on the embedded defaults (SPEC §9):
 * apply, query (from the review check), the office's reply to the query mail placed in the Maildir and
 * read by one daemon cycle, which amends (new receipt number, SPEC §11), complete, view the passwords.
 * The same use cases as the CLI and the daemon; each step is handed to `report` as it happens.
 */
export async function runDemo(report: (step: DemoStep) => void): Promise<{home: string}> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-demo-'))
  // The embedded defaults (SPEC §9): no SMTP server, no template override, whatever the caller's environment says.
  const config = loadConfig({
    ...process.env, NSS_HOME: home, NSS_DB: undefined, NSS_SMTP_URL: undefined, NSS_TEMPLATES: undefined,
    NSS_IMAP_URL: undefined, NSS_REQUIRE_DMARC: undefined, NSS_MAX_MESSAGE_BYTES: undefined,
  })
  ensureSecretKey(home)
  const ctx = await openContext({config, migrate: true})
  try {
    await walkScenario(ctx, report)
  } finally {
    await ctx.store.close()
  }
  return {home}
}

async function walkScenario(ctx: DeskContext, report: (step: DemoStep) => void): Promise<void> {
  const shown = new Set<string>()
  const offices = readMasterDataFile(path.join(EXAMPLES_DIR, 'offices.json'))
  report({title: 'nss office import examples/offices.json', kind: 'import', value: await importOffices(ctx, offices)})
  // Demo accounts get random passwords that are never shown.
  await setOfficePassword(ctx, 'NACCS01', randomBytes(12).toString('base64url'))
  await addReviewer(ctx, 'r.sato', '佐藤 花子', randomBytes(12).toString('base64url'))
  const office = {kind: 'office', code: 'NACCS01'} as const
  const reviewer = {kind: 'reviewer', id: 'r.sato'} as const
  const readJson = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8'))

  const applied = await applyForSettings(ctx, office, readJson('application.json'))
  report({title: 'nss apply --file examples/application.json (office NACCS01)', kind: 'submission', value: applied})
  await reportMail(ctx, report, applied.receiptNo, shown)

  report({title: `nss review ${applied.receiptNo} --check (reviewer r.sato)`, kind: 'check', value: await checkForReview(ctx, reviewer, applied.receiptNo)})
  report({title: `nss review ${applied.receiptNo} --from-check`, kind: 'transition', value: await queryFromCheck(ctx, reviewer, applied.receiptNo)})
  const queryMail = (await reportMail(ctx, report, applied.receiptNo, shown)).find(m => m.kind === 'query')!
  report({title: 'nss status (office NACCS01)', kind: 'list', value: await listStatus(ctx, office)})
  report({title: `nss status ${applied.receiptNo}`, kind: 'application', value: await showApplication(ctx, office, applied.receiptNo)})

  // The office answers by mail: a reply to the query mail with the form edited as examples/amend.json,
  // delivered into the Maildir the way a local MTA does, then one cycle of the daemon reads it.
  const reply = writeOfficeReply(ctx, queryMail, readJson('amend.json'))
  report({title: `a reply to the query mail, delivered into ${path.relative(ctx.config.home, reply.file)}`, kind: 'reply', value: reply})
  const cycle = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxDir(ctx.config))), {log: silentLogger})
  if (cycle.failures.length > 0) throw new Error(`the daemon cycle failed: ${cycle.failures.map(f => f.message).join('; ')}`)
  const outcomes = (cycle.inbound ?? []).map(r => ({ref: r.ref, outcome: r.outcome, receiptNo: r.receiptNo, newReceiptNo: r.newReceiptNo ?? null}))
  report({title: 'nss daemon --once', kind: 'bot', value: outcomes})
  const newReceiptNo = outcomes.find(o => o.outcome === 'amended')?.newReceiptNo
  if (!newReceiptNo) throw new Error(`the mail bot did not amend ${applied.receiptNo}: ${outcomes.map(o => o.outcome).join(', ') || 'no message read'}`)
  const amended = {receiptNo: newReceiptNo, status: 'received' as const, supersedes: applied.receiptNo}
  report({title: `${applied.receiptNo} amended by the reply: the new receipt number`, kind: 'submission', value: amended})
  await reportMail(ctx, report, amended.receiptNo, shown)

  report({title: `nss review ${amended.receiptNo} --complete ''`, kind: 'transition', value: await completeApplication(ctx, reviewer, amended.receiptNo, '')})
  await reportMail(ctx, report, amended.receiptNo, shown)
  report({title: `nss status ${amended.receiptNo}`, kind: 'application', value: await showApplication(ctx, office, amended.receiptNo)})
  report({title: `nss status ${amended.receiptNo} --passwords`, kind: 'passwords', value: await viewPasswords(ctx, office, amended.receiptNo)})
}

/**
 * Delivers the mail a step has just written, as the CLI does after a command (here into the temporary
 * home's spool folder, $NSS_HOME/mail/outbox), and shows each mail of the application not shown yet
 * (the daemon cycle delivers its answers itself): subject and text. Returns the mails shown.
 */
async function reportMail(ctx: DeskContext, report: (step: DemoStep) => void, receiptNo: string, shown: Set<string>): Promise<DemoMail[]> {
  await deliverOutbox(ctx, {receiptNo, onlyNew: true})
  const rows = await ctx.store.read(manager => manager.find(OutboxMailEntity, {where: {receiptNo}}))
  const messageIds = new Map(rows.map(row => [row.id, row.messageId]))
  const mails = (await previewMails(ctx, receiptNo)).filter(m => !shown.has(messageIds.get(m.id)!))
  const value = mails.map(m => ({kind: m.kind, to: m.to, messageId: messageIds.get(m.id)!, status: m.status, subject: m.subject, text: m.text}))
  for (const mail of value) shown.add(mail.messageId)
  report({title: 'mail', kind: 'mail', value})
  return value
}

/**
 * The contact person's reply to the query mail (SPEC §11 step 5): "Reply" keeps the signed Reply-To as
 * the recipient and threads on the query's Message-ID; above the quote the office copies the reply form
 * with 操作: 修正 and the lines of the amendment (`amend`, in the format of `nss amend --file`) changed.
 * Delivered into the Maildir as an MTA does (written in tmp/, renamed into new/). UTF-8, base64.
 */
function writeOfficeReply(ctx: DeskContext, query: DemoMail, amend: {remarks?: string; entries?: Array<Record<string, any>>}): DemoReply {
  const labels = FIELD_LABELS.ja
  const edits = new Map<string, string>([['操作', '修正']])
  if (amend.remarks !== undefined) edits.set(labels.remarks, amend.remarks)
  for (const entry of amend.entries ?? []) {
    if (entry.passwordReset) {
      edits.set(`[${entry.userCode}] ${labels['entries[].passwordReset']}`, entry.passwordReset.ids.join(', '))
      edits.set(`[${entry.userCode}] ${labels['entries[].passwordReset.reason']}`, entry.passwordReset.reason)
    }
    for (const [field, value] of Object.entries(entry.registration ?? {})) {
      edits.set(`[${entry.userCode}] ${REGISTRATION_FIELD_LABELS.ja[field as RegistrationField]}`, String(value))
    }
  }
  const lines = query.text.replace(/\n+$/, '').split('\n')
  const begin = lines.findIndex(l => l.startsWith('-----ここから返信フォーム'))
  const end = lines.findIndex(l => l.startsWith('-----ここまで返信フォーム'))
  const form = lines.slice(begin, end + 1).map(line => {
    const label = line.slice(0, line.indexOf(':'))
    return edits.has(label) ? `${label}: ${edits.get(label)}` : line
  })
  const contact = query.to[0]
  const to = replyAddressFor(mailboxOf(ctx.config.mailFrom), ctx.secret(), query.subject.match(/【(\w{8})】/)![1])
  const text = [
    'NACCSセンター ご担当者様', '', 'ご確認ありがとうございます。下記の返信フォームのとおり修正します。', '', ...form, '',
    '通関 太郎', '', `NACCSセンター <${mailboxOf(ctx.config.mailFrom).local}@${ctx.config.mailDomain}> wrote:`,
    // The quote kept short for the reader: the query up to its instructions.
    ...lines.slice(0, Math.max(1, lines.findIndex(l => l.startsWith('■返信で')))).map(line => (line === '' ? '>' : `> ${line}`)), '',
  ].join('\n')
  const subject = `Re: ${query.subject}`
  const word = (value: string) => `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`
  const raw = Buffer.from([
    `From: ${word('通関 太郎')} <${contact}>`, `To: ${to}`, `Subject: ${word(subject)}`, `Date: ${ctx.clock.now().toUTCString()}`,
    `Message-ID: <demo-reply.${randomBytes(8).toString('hex')}@${contact.split('@')[1]}>`,
    `In-Reply-To: ${query.messageId}`, `References: ${query.messageId}`, 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '',
    ...(Buffer.from(text.replace(/\n/g, '\r\n')).toString('base64').match(/.{1,76}/g) ?? []), '',
  ].join('\r\n'))
  const inbox = inboxDir(ctx.config)
  const name = `${Date.now()}.demo-reply.${randomBytes(4).toString('hex')}`
  for (const dir of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(inbox, dir), {recursive: true})
  fs.writeFileSync(path.join(inbox, 'tmp', name), raw)
  fs.renameSync(path.join(inbox, 'tmp', name), path.join(inbox, 'new', name))
  return {file: path.join(inbox, 'new', name), from: contact, to, subject, inReplyTo: query.messageId, text}
}
