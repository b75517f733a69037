/**
 * Renders an outbox row into the words of its mail (SPEC §10): subject, text and optional HTML, in the
 * row's locale, from the templates and the row's data.
 */
import {buildMailModel, MailSource} from './mail-model'
import type {MailTemplates} from './templates'

/** A mail's words, before it becomes an RFC 5322 message. */
export interface RenderedMail {
  subject: string
  text: string
  html: string | null
}

/** A row could not be rendered: its data or a template is wrong. Retrying will not help until one is fixed. */
export class MailRenderError extends Error {
  constructor(message: string) {
    super(`cannot render the mail: ${message}`)
    this.name = 'MailRenderError'
  }
}

/** The subject, text and HTML of a row's mail. Throws MailRenderError. */
export function renderMail(templates: MailTemplates, source: MailSource): RenderedMail {
  try {
    const model = buildMailModel(source)
    const subject = templates.render(source.locale, source.kind, 'subject', model)
    const text = templates.render(source.locale, source.kind, 'text', model)
    if (subject === null || text === null) throw new Error(`no ${source.kind} template for locale ${source.locale}`)
    return {subject, text, html: templates.render(source.locale, source.kind, 'html', model)}
  } catch (error) {
    throw new MailRenderError(error instanceof Error ? error.message : String(error))
  }
}
