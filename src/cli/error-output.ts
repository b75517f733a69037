/**
 * How a failed command reports (SPEC §9), in both modes of the CLI: with --json `{"error": {code,
 * message, issues}}` on stdout, else `nss: message` and one line per issue on stderr; the exit code is
 * the error's. Catalogue texts are said in the reader's language (NSS_LOCALE, else Japanese). Control characters of quoted input never reach the terminal (issue 11 point 10).
 */
import {withoutControlCharacters} from '../domain/control-characters'
import type {DeskError, Issue} from '../domain/errors'
import type {Locale} from '../domain/vocabulary'

export function reportError(deskError: DeskError | undefined, fallbackMessage: string, json: boolean, locale: Locale, stack?: string): number {
  const said = deskError?.in(locale)
  const body = {
    code: deskError?.code ?? 'unexpected',
    message: withoutControlCharacters(said?.message ?? unexpected(locale, fallbackMessage)),
    issues: (said?.issues ?? []).map(i => ({path: withoutControlCharacters(i.path), message: withoutControlCharacters(i.message)})),
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({error: body}, null, 2)}\n`)
  } else {
    const lines = [`nss: ${body.message}`, ...body.issues.map((i: Issue) => `  - ${i.path}: ${i.message}`)]
    if (!deskError && process.env.NSS_DEBUG && stack) lines.push(stack)
    process.stderr.write(`${lines.join('\n')}\n`)
  }
  return deskError?.exitCode ?? 1
}

/** What nss says of an error it did not expect; the catalogue loads now, as the error is printed. */
function unexpected(locale: Locale, reason: string): string {
  const {message} = require('../domain/messages') as typeof import('../domain/messages')
  return message(locale, 'cli.unexpected', {reason})
}
