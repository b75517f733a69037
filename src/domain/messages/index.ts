/**
 * Every user-facing sentence of nss-desk outside the mail templates, one catalogue per locale (STYLE;
 * src/domain/messages/ja, src/domain/messages/en), each split by the layer that says it. The Japanese
 * catalogue declares each key and its parameters; the English one is typed by it, so the compiler
 * refuses a key missing in one locale or a parameter spelt differently.
 *
 * Code says `message(locale, key, params)` where it knows the reader's language, and `text(key,
 * params)` where it does not (an error thrown deep in a use case): the edge that prints it — the CLI,
 * the desk server's error body — renders it in the language of whoever reads it (NSS_LOCALE,
 * Accept-Language, else the office's own).
 */
import type {Locale} from '../vocabulary'
import type {JA} from './ja'
import {FIELD_LABELS_EN} from './en/validation'
import {FIELD_LABELS_JA} from './ja/validation'
import type {LocalText} from './text'
import type {FieldKey} from './types'

export type {ExpectedType, FieldKey} from './types'

/** The shape of a catalogue: one function per key, from its parameters to the sentence. */
export type Catalogue = typeof JA
export type MessageKey = keyof Catalogue
export type MessageParams<K extends MessageKey> = Parameters<Catalogue[K]> extends [] ? Record<string, never> : Parameters<Catalogue[K]>[0]

/** The arguments after the key: none for a message without parameters. */
export type MessageArgs<K extends MessageKey> = Parameters<Catalogue[K]> extends [] ? [params?: Record<string, never>] : [params: MessageParams<K>]

export {text, type LocalText} from './text'

/** Field labels as the seed's screens print them, per locale. */
export const FIELD_LABELS: Record<Locale, Record<FieldKey, string>> = {ja: FIELD_LABELS_JA, en: FIELD_LABELS_EN}

const loaded: Partial<Record<Locale, Catalogue>> = {}

/** The catalogue of a locale, loaded on first use (a command says one language); unknown: Japanese. */
function catalogue(locale: Locale): Catalogue {
  if (locale === 'en') return (loaded.en ??= (require('./en') as typeof import('./en')).EN)
  return (loaded.ja ??= (require('./ja') as typeof import('./ja')).JA)
}

/** The text of a message in a locale; an unknown locale (e.g. from old data) falls back to Japanese. */
export function message<K extends MessageKey>(locale: Locale, key: K, ...params: MessageArgs<K>): string {
  return renderText(locale, {key, params: params[0]})
}

/** `message` bound to one locale: `const say = messagesIn('en'); say('validation.required', {field})`. */
export function messagesIn(locale: Locale): <K extends MessageKey>(key: K, ...params: MessageArgs<K>) => string {
  return (key, ...params) => message(locale, key, ...params)
}

/** A text in a locale: a plain string stays as it is. */
export function renderText(locale: Locale, value: string | LocalText): string {
  return typeof value === 'string' ? value : (catalogue(locale)[value.key] as (p: unknown) => string)(value.params ?? {})
}

/** The label of an input field, e.g. `contact.phone` → 電話番号. */
export function fieldLabel(locale: Locale, field: FieldKey): string {
  return (FIELD_LABELS[locale] ?? FIELD_LABELS.ja)[field]
}
