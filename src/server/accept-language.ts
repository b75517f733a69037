/**
 * The reader's language of a request (issue 13): the `Accept-Language` header (RFC 9110 §12.5.4) picks
 * `ja` or `en` by weight, the CLI sending NSS_LOCALE there; without one the desk says what the
 * office's own language is (validation) or Japanese (errors), as the local CLI does.
 */
import {LOCALES, type Locale} from '../domain/vocabulary'

/** The desk's locale an Accept-Language value prefers, undefined when it names neither (or `*` only). */
export function localeOfAcceptLanguage(header: string | string[] | undefined): Locale | undefined {
  const value = Array.isArray(header) ? header.join(',') : header
  if (!value) return undefined
  let best: {locale: Locale; weight: number} | undefined
  for (const part of value.split(',')) {
    const [range, ...parameters] = part.trim().split(';')
    const primary = range.trim().toLowerCase().split('-')[0] as Locale
    if (!(LOCALES as readonly string[]).includes(primary)) continue
    const q = parameters.map(p => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean)
    const weight = q ? Number(q[1]) : 1
    if (weight > 0 && (!best || weight > best.weight)) best = {locale: primary, weight}
  }
  return best?.locale
}
