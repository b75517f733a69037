import type {DemoBotOutcome, DemoMail, DemoReply, DemoStep} from '../../app/demo.use-case'
import type {Locale} from '../../domain/vocabulary'
import type {Style} from '../style'
import {renderApplicationView} from './application-view'
import type {RenderOptions} from './layout'
import {renderPasswordsView} from './passwords-view'
import {renderImportResult, renderSubmissionResult, renderTransitionResult} from './result-view'
import {renderReviewCheckView} from './review-check-view'
import {renderStatusListView} from './status-list-view'

/** One step of `nss demo`: the command it stands for, then what it printed. */
export function renderDemoStep(step: DemoStep, locale: Locale, style: Style, options: RenderOptions = {}): string {
  const body = (() => {
    switch (step.kind) {
      case 'import': return renderImportResult(step.value, locale, style)
      case 'submission': return renderSubmissionResult(step.value, locale, style)
      case 'transition': return renderTransitionResult(step.value, locale, style)
      case 'check': return renderReviewCheckView(step.value, locale, style, options)
      case 'application': return renderApplicationView(step.value, step.value.locale, style, options)
      case 'list': return renderStatusListView(step.value, step.value.locale, style, options)
      case 'passwords': return renderPasswordsView(step.value, locale, style, options)
      case 'mail': return step.value.map(m => renderMail(m, style)).join('\n')
      case 'reply': return renderReply(step.value, style)
      case 'bot': return renderBotOutcomes(step.value, style)
    }
  })()
  const title = step.kind === 'mail' ? style.muted('  mail sent:') : `\n${style.heading(`$ ${step.title}`)}`
  return `${title}\n${body}`
}

/** A delivered mail as a reader sees it: To, Subject, then the text, indented under the step. */
function renderMail(mail: DemoMail, style: Style): string {
  const header = [`To: ${mail.to.join(', ')}`, `Subject: ${mail.subject}`, `Message-ID: ${mail.messageId} (${mail.status})`]
  const lines = [...header.map(line => style.muted(line)), '', ...mail.text.trimEnd().split('\n')]
  return lines.map(line => (line === '' ? '  │' : `  │ ${line}`)).join('\n')
}

/** The office's reply as placed in the Maildir: From, To (the signed reply address), Subject, then the text. */
function renderReply(reply: DemoReply, style: Style): string {
  const header = [`From: ${reply.from}`, `To: ${reply.to}`, `Subject: ${reply.subject}`, `In-Reply-To: ${reply.inReplyTo}`]
  const lines = [...header.map(line => style.muted(line)), '', ...reply.text.trimEnd().split('\n')]
  return lines.map(line => (line === '' ? '  │' : `  │ ${line}`)).join('\n')
}

/** What the mail bot made of each message it read: `amended 2600001C → 2600002C`. */
function renderBotOutcomes(outcomes: DemoBotOutcome[], style: Style): string {
  if (outcomes.length === 0) return style.muted('  no new mail')
  return outcomes.map(o => {
    const numbers = o.newReceiptNo ? `${style.receiptNo(o.receiptNo ?? '')} → ${style.receiptNo(o.newReceiptNo)}` : o.receiptNo ?? ''
    return `  ${o.ref}: ${style.success(o.outcome)} ${numbers}`.trimEnd()
  }).join('\n')
}
