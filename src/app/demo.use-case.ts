import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {amendApplication} from './amend.use-case'
import {applyForSettings} from './apply.use-case'
import {loadConfig} from './config'
import {DeskContext, openContext} from './context'
import {deliverOutbox} from './deliver-outbox.use-case'
import {viewPasswords} from './issued-passwords'
import {readMasterDataFile} from './master-data-file'
import {previewMails} from './mail-admin.use-case'
import {addReviewer, importOffices, setOfficePassword} from './master-data.use-case'
import {completeApplication, checkForReview, queryFromCheck} from './review.use-case'
import {ensureSecretKey} from './secret-key'
import {listStatus, showApplication} from './status.use-case'
import type {ApplicationView, ImportResult, PasswordsView, ReviewCheckView, StatusListView, SubmissionResult, TransitionResult} from './views'

/** The examples shipped with the desk: the seed's office and application. */
export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples')

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

/** A mail the demo delivered (into the temporary home's spool folder) and shows: its subject and text. */
export interface DemoMail {
  kind: string
  to: string[]
  messageId: string
  status: string
  subject: string
  text: string
}

/**
 * nss demo: the seed's whole scenario in a fresh temporary home on the embedded defaults (SPEC §9):
 * apply, query (from the review check), amend (new receipt number), complete, view the passwords.
 * The same use cases as the CLI; each step is handed to `report` as it happens.
 */
export async function runDemo(report: (step: DemoStep) => void): Promise<{home: string}> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-demo-'))
  // The embedded defaults (SPEC §9): no SMTP server, no template override, whatever the caller's environment says.
  const config = loadConfig({...process.env, NSS_HOME: home, NSS_DB: undefined, NSS_SMTP_URL: undefined, NSS_TEMPLATES: undefined})
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
  await reportMail(ctx, report, applied.receiptNo)

  report({title: `nss review ${applied.receiptNo} --check (reviewer r.sato)`, kind: 'check', value: await checkForReview(ctx, reviewer, applied.receiptNo)})
  report({title: `nss review ${applied.receiptNo} --from-check`, kind: 'transition', value: await queryFromCheck(ctx, reviewer, applied.receiptNo)})
  await reportMail(ctx, report, applied.receiptNo)
  report({title: 'nss status (office NACCS01)', kind: 'list', value: await listStatus(ctx, office)})
  report({title: `nss status ${applied.receiptNo}`, kind: 'application', value: await showApplication(ctx, office, applied.receiptNo)})

  const amended = await amendApplication(ctx, office, applied.receiptNo, readJson('amend.json'))
  report({title: `nss amend ${applied.receiptNo} --file examples/amend.json`, kind: 'submission', value: amended})
  await reportMail(ctx, report, amended.receiptNo)

  report({title: `nss review ${amended.receiptNo} --complete ''`, kind: 'transition', value: await completeApplication(ctx, reviewer, amended.receiptNo, '')})
  await reportMail(ctx, report, amended.receiptNo)
  report({title: `nss status ${amended.receiptNo}`, kind: 'application', value: await showApplication(ctx, office, amended.receiptNo)})
  report({title: `nss status ${amended.receiptNo} --passwords`, kind: 'passwords', value: await viewPasswords(ctx, office, amended.receiptNo)})
}

/**
 * Delivers the mail a step has just written, as the CLI does after a command (here into the temporary
 * home's spool folder, $NSS_HOME/mail/outbox), and shows it rendered: subject and text.
 */
async function reportMail(ctx: DeskContext, report: (step: DemoStep) => void, receiptNo: string): Promise<void> {
  const delivered = await deliverOutbox(ctx, {receiptNo, onlyNew: true})
  const ids = new Set(delivered.mails.map(m => m.id))
  const mails = (await previewMails(ctx, receiptNo)).filter(m => ids.has(m.id))
  const messageIds = new Map(delivered.mails.map(m => [m.id, m.messageId]))
  report({
    title: 'mail', kind: 'mail',
    value: mails.map(m => ({kind: m.kind, to: m.to, messageId: messageIds.get(m.id)!, status: m.status, subject: m.subject, text: m.text})),
  })
}
