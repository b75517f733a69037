/**
 * How a failed command reports (SPEC §9), in both modes of the CLI: with --json `{"error": {code,
 * message, issues}}` on stdout, else `nss: message` and one line per issue on stderr; the exit code is
 * the error's. Control characters of quoted input never reach the terminal (issue 11 point 10).
 */
import {withoutControlCharacters} from '../domain/control-characters'
import type {DeskError, Issue} from '../domain/errors'

export function reportError(deskError: DeskError | undefined, fallbackMessage: string, json: boolean, stack?: string): number {
  const body = {
    code: deskError?.code ?? 'unexpected',
    message: withoutControlCharacters(deskError?.message ?? `unexpected error: ${fallbackMessage}`),
    issues: (deskError?.issues ?? []).map(i => ({path: withoutControlCharacters(i.path), message: withoutControlCharacters(i.message)})),
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
