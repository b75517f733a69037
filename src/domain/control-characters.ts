/**
 * The one check of free text for control characters (issue 11 point 10), used by every field any
 * actor writes: an application's and an amendment's text (src/domain/application-schema.ts, also what
 * a reply mail's form becomes), a reviewer's notice (review --query / --complete), master data
 * (src/domain/master-data-schema.ts) and account names.
 *
 * Refused: C0 controls other than tab and line ends (so ESC, and with it every escape sequence: CSI
 * colours, OSC titles and hyperlinks), DEL and the C1 controls (U+0080–U+009F, among them the one-byte
 * CSI U+009B and OSC U+009D), the bidirectional embeddings and overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069). They would reach a terminal (`nss status`) or a mail as commands, or reorder what a
 * reader sees (a file name written backwards by U+202E). Messages never echo the offending text.
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u
const CONTROL_CHARS_GLOBAL = new RegExp(CONTROL_CHARS.source, 'gu')

/** Whether `text` holds a control character that no free text may hold. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARS.test(text)
}

/** `text` with those characters shown as U+FFFD, for a message that must name what it refuses (a key). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARS_GLOBAL, '\ufffd')
}
