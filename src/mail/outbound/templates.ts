/**
 * Mail templates (SPEC §10): `templates/<locale>/<kind>.{subject,text,html}.hbs`, Handlebars in strict
 * mode, so a variable the desk does not supply is an error and never an empty blank in a sent mail.
 * Subject and text parts are not escaped (they are not HTML); HTML parts are. An operator's folder
 * (NSS_TEMPLATES) replaces built-in templates file by file; it is checked when the mail pipeline
 * starts: unknown file names, syntax errors and unknown variables are refused with every problem named.
 *
 * Handlebars is loaded only here, when mail is rendered: CLI start-up never pays for it (SPEC §14).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {IssueInput} from '../../domain/errors'
import {InfrastructureError} from '../../domain/errors'
import type {LocalText} from '../../domain/messages/text'
import {text} from '../../domain/messages/text'
import {packageRoot} from '../../package-root'
import {Locale, LOCALES, MailKind} from '../../domain/vocabulary'
import {buildMailModel, MailModel, MailSource} from './mail-model'
import {sampleMailData, SAMPLE_CREATED_AT} from './samples'

/** The parts of a mail; html is optional (a text-only mail is sent when there is none). */
export type TemplatePart = 'subject' | 'text' | 'html'
/** Every part, in the order a mail is built. */
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'text', 'html']

/** Every kind of mail the desk sends (SPEC §10). */
export const MAIL_KINDS: readonly MailKind[] = ['receipt', 'query', 'completion', 'withdrawal', 'reply-error', 'contact-changed', 'senders-changed', 'message',
  'query-reminder', 'password-reminder', 'registration-applied', 'staff-notice', 'staff-digest']

/** The templates shipped with the desk (the package's `templates/`). */
export const BUILT_IN_TEMPLATES_DIR = path.join(packageRoot(), 'templates')

type Render = (model: MailModel) => string

/** A template was refused: its file, and what is wrong. Exit 6 (bad configuration) at the CLI. */
export class TemplateError extends InfrastructureError {}

/**
 * A block helper named a variable the desk does not supply (createHandlebars). Carries its sentence
 * for the reader, so the sample check can name the problem in their language.
 */
class UnknownVariableError extends Error {
  constructor(readonly said: LocalText) {
    super()
    Object.defineProperty(this, 'message', {
      get: () => (require('../../domain/messages') as typeof import('../../domain/messages')).renderText('en', said),
      configurable: true, enumerable: false,
    })
  }
}

/** Where a template comes from, for messages. */
interface TemplateFile {
  locale: Locale
  kind: MailKind
  part: TemplatePart
  file: string
}

/** A compiled set of templates for every locale and kind. */
export class MailTemplates {
  private constructor(private readonly compiled: Map<string, {file: string; render: Render}>) {}

  /**
   * Loads and checks every template: the built-in ones, each replaced by the file of the same name in
   * `overrideDir` when there is one. Every template is parsed; with an override folder (or
   * `checkSamples`) every template is also rendered against the sample data of its kind
   * (src/mail/outbound/samples.ts). Any problem throws a TemplateError listing them all. The built-in
   * set alone is rendered against the samples by the tests, not at every command (SPEC §14).
   */
  static async load(options: {overrideDir?: string | null; builtInDir?: string; checkSamples?: boolean} = {}): Promise<MailTemplates> {
    // A long-running process (nss serve, the daemon) compiles its templates once, not at every mail:
    // the set is kept while the override folder's files are unchanged (name, size, mtime).
    const key = JSON.stringify([options.builtInDir ?? BUILT_IN_TEMPLATES_DIR, options.overrideDir ?? null, options.checkSamples ?? null,
      options.overrideDir ? fingerprintOf(options.overrideDir) : null])
    const cached = loaded.get(key)
    if (cached) return cached
    if (loaded.size >= 8) loaded.clear()
    const loading = MailTemplates.compileAll(options).catch(error => {
      loaded.delete(key)
      throw error
    })
    loaded.set(key, loading)
    return loading
  }

  private static async compileAll(options: {overrideDir?: string | null; builtInDir?: string; checkSamples?: boolean}): Promise<MailTemplates> {
    const builtInDir = options.builtInDir ?? BUILT_IN_TEMPLATES_DIR
    const issues: IssueInput[] = []
    if (options.overrideDir) issues.push(...checkOverrideFolder(options.overrideDir))
    const handlebars = await createHandlebars()
    const compiled = new Map<string, {file: string; render: Render}>()

    for (const locale of LOCALES) {
      for (const kind of MAIL_KINDS) {
        for (const part of TEMPLATE_PARTS) {
          const name = path.join(locale, `${kind}.${part}.hbs`)
          const override = options.overrideDir ? path.join(options.overrideDir, name) : null
          const file = override && fs.existsSync(override) ? override : path.join(builtInDir, name)
          if (!fs.existsSync(file)) {
            if (part !== 'html') issues.push({path: name, message: text('mail.templateMissing', {part, kind, locale})})
            continue
          }
          try {
            const source = fs.readFileSync(file, 'utf8')
            handlebars.parse(source) // syntax errors now, not at the first mail
            const template = handlebars.compile(source, {strict: true, noEscape: part !== 'html'})
            compiled.set(keyOf(locale, kind, part), {file, render: model => template(model)})
          } catch (error) {
            issues.push({path: file, message: firstLine(error)})
          }
        }
      }
    }
    const templates = new MailTemplates(compiled)
    if (options.checkSamples ?? Boolean(options.overrideDir)) issues.push(...templates.checkAgainstSamples())
    if (issues.length > 0) {
      throw new TemplateError(text('mail.templatesRefused', {count: issues.length}), issues)
    }
    return templates
  }

  /** Whether the set has this part (html is optional). */
  has(locale: Locale, kind: MailKind, part: TemplatePart): boolean {
    return this.compiled.has(keyOf(locale, kind, part))
  }

  /** The file a part is read from (built-in or override). */
  fileOf(locale: Locale, kind: MailKind, part: TemplatePart): string | null {
    return this.compiled.get(keyOf(locale, kind, part))?.file ?? null
  }

  /**
   * Renders one part for a model; null when there is no such part. A subject is one line. Throws an
   * Error naming the template file when the template asks for something the model lacks.
   */
  render(locale: Locale, kind: MailKind, part: TemplatePart, model: MailModel): string | null {
    const template = this.compiled.get(keyOf(locale, kind, part))
    if (!template) return null
    let output: string
    try {
      output = template.render(model)
    } catch (error) {
      throw new Error(`${path.basename(path.dirname(template.file))}/${path.basename(template.file)}: ${firstLine(error)}`, {cause: error})
    }
    if (part === 'subject') return output.replace(/\s+/g, ' ').trim()
    return output.endsWith('\n') ? output : `${output}\n`
  }

  /** Renders every template with every sample of its kind; the problems found. */
  private checkAgainstSamples(): IssueInput[] {
    const issues: IssueInput[] = []
    for (const {locale, kind, part, file} of this.files()) {
      for (const data of sampleMailData(kind)) {
        const source: MailSource = {kind, locale, receiptNo: (data.receiptNo as string | null) ?? null, data, createdAt: SAMPLE_CREATED_AT}
        try {
          this.render(locale, kind, part, buildMailModel(source))
        } catch (error) {
          const cause = (error as {cause?: unknown}).cause
          issues.push({path: file, message: cause instanceof UnknownVariableError ? cause.said : firstLine(error).replace(/^[^:]*\.hbs: /, '')})
          break
        }
      }
    }
    return issues
  }

  private files(): TemplateFile[] {
    return [...this.compiled.entries()].map(([key, {file}]) => {
      const [locale, kind, part] = key.split('/') as [Locale, MailKind, TemplatePart]
      return {locale, kind, part, file}
    })
  }
}

/** The template sets loaded in this process, by where they come from (MailTemplates.load). */
const loaded = new Map<string, Promise<MailTemplates>>()

/** What tells an override folder's content changed: every file under it with its size and mtime. */
function fingerprintOf(folder: string): string {
  const parts: string[] = []
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, {withFileTypes: true})
    } catch {
      parts.push(`${dir}:unreadable`)
      return
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory() && depth < 2) walk(file, depth + 1)
      else {
        try {
          const stat = fs.statSync(file)
          parts.push(`${file}:${stat.size}:${stat.mtimeMs}`)
        } catch {
          parts.push(`${file}:gone`)
        }
      }
    }
  }
  walk(folder, 0)
  return parts.join('|')
}

function keyOf(locale: Locale, kind: MailKind, part: TemplatePart): string {
  return `${locale}/${kind}/${part}`
}

/** Every file of an override folder must be one the desk reads: a typo would otherwise be ignored silently. */
function checkOverrideFolder(folder: string): IssueInput[] {
  const issues: IssueInput[] = []
  const expected = `<locale>/<kind>.<part>.hbs with locale ${LOCALES.join('|')}, kind ${MAIL_KINDS.join('|')}, part ${TEMPLATE_PARTS.join('|')}`
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(folder, {withFileTypes: true})
  } catch (error) {
    return [{path: 'NSS_TEMPLATES', message: text('mail.templatesUnreadable', {folder, reason: firstLine(error)})}]
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const where = path.join(folder, entry.name)
    if (!entry.isDirectory() || !(LOCALES as readonly string[]).includes(entry.name)) {
      issues.push({path: where, message: text('mail.notTemplateFolder', {expected})})
      continue
    }
    for (const file of fs.readdirSync(where)) {
      if (file.startsWith('.')) continue
      const match = /^(.+)\.([a-z]+)\.hbs$/.exec(file)
      if (!match || !(MAIL_KINDS as readonly string[]).includes(match[1]) || !(TEMPLATE_PARTS as readonly string[]).includes(match[2])) {
        issues.push({path: path.join(where, file), message: text('mail.unknownTemplateFile', {expected})})
      }
    }
  }
  return issues
}

/**
 * A private Handlebars environment. In strict mode Handlebars throws on a missing variable in
 * `{{name}}`, but a block helper's argument (`{{#if name}}`) is looked up leniently; the wrappers make
 * `if`, `unless`, `each` and `with` refuse a variable that does not exist (null is a value; undefined
 * means the template names something the desk does not supply).
 */
async function createHandlebars() {
  const module = await import('handlebars')
  const handlebars = (module.default ?? module).create()
  for (const name of ['if', 'unless', 'each', 'with']) {
    const builtIn = handlebars.helpers[name]
    handlebars.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.at(-1) as {loc?: {start?: {line?: number}}}
      if (args.length < 2 || args[0] === undefined) {
        throw new UnknownVariableError(text('mail.templateUnknownVariable', {helper: name, line: String(options.loc?.start?.line ?? '?')}))
      }
      return (builtIn as (...helperArgs: unknown[]) => unknown).apply(this, args)
    })
  }
  return handlebars
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]
}
