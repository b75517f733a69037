/**
 * NSS_LOCALE (issue 13, one language at a time): the language of the CLI's screens, one-line results
 * and column headers, `ja` or `en`; unset, the office's own language (ja for ops and reviewers). Any
 * other value is refused — a typo must not silently give Japanese to someone who asked for English.
 * Read by both modes of the CLI and by the configuration; Node's own modules only.
 */
import {text} from './messages/text'
import {InfrastructureError} from './errors'
import {LOCALES, type Locale} from './vocabulary'

/** The locale NSS_LOCALE asks for, undefined when it is unset or empty; exit 6 naming it for anything else. */
export function localeSetting(env: Record<string, string | undefined> = process.env): Locale | undefined {
  const value = env.NSS_LOCALE?.trim()
  if (value === undefined || value === '') return undefined
  if ((LOCALES as readonly string[]).includes(value)) return value as Locale
  throw new InfrastructureError(text('app.badConfiguration'), [{path: 'NSS_LOCALE', message: text('app.notLocale', {value: JSON.stringify(value.slice(0, 20))})}])
}

/** The reader's language for what is said now: NSS_LOCALE, else Japanese (a bad value is itself the error being said, in Japanese). */
export function readerLocale(env: Record<string, string | undefined> = process.env): Locale {
  try {
    return localeSetting(env) ?? 'ja'
  } catch {
    return 'ja'
  }
}
