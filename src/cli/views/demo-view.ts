import type {DemoStep} from '../../app/demo.use-case'
import type {Locale} from '../../domain/vocabulary'
import type {Style} from '../style'
import {renderTable} from '../table'
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
      case 'mail': return renderTable(['mail', 'to', 'Message-ID', 'status'],
        step.value.map(m => [m.kind, m.to.join(', '), m.messageId, m.status]))
    }
  })()
  const title = step.kind === 'mail' ? style.muted('  outbox:') : `\n${style.heading(`$ ${step.title}`)}`
  return `${title}\n${body}`
}
