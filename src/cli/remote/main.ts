/**
 * The remote mode of the CLI (issue 12): with NSS_URL (or a saved `nss login`), `nss apply`, `status`,
 * `amend`, `withdraw`, `review`, `passwd`, `office show`, `office senders` and `draft` (REMOTE_COMMANDS) send their
 * operation to the desk server instead of opening a store.
 * The same argv (read against oclif.manifest.json), the same operation and screens (src/cli/verbs.ts),
 * the same JSON, errors and exit codes as the local mode; the principal is the token's.
 *
 * bin/run.js loads this file — its own bundle, dist/remote.js — without oclif, when ./mode.ts says so; nothing here loads a
 * store, TypeORM, SQLite or a mail module (a test traces the modules of a remote call). Its files take
 * Node's modules as `import fs = require('node:fs')`, not `import * as`: TypeScript's helper for the
 * latter copies every export into a new object at each import, which a remote call paid at every start
 * (docs/performance.md, issue 12 point 4).
 */
import {readerLocale} from '../../domain/locale-setting'
import {ACTING_AS_HEADER, encodeActingAs, requestOf} from '../../api/http'
import {DeskError, InvalidInputError} from '../../domain/errors'
import {text} from '../../domain/messages/text'
import type {Locale} from '../../domain/vocabulary'
import {reportError} from '../error-output'
import {terminalWidth} from '../terminal-width'
import {completeResult, exitCodeOfResult, jsonOfResult, namedActorOf, operationOf, renderResult} from '../verbs'
import {parseArgv, readManifestCommand} from './argv'
import {send} from './client'
import {resolveEndpoint} from './endpoint'
import {remoteCommandOf} from './mode'

/** Runs one remote command line (argv without node and the script); sets process.exitCode. */
export async function runRemote(argv: string[], root: string): Promise<void> {
  // bin/run.js came here because mode.ts named a remote command.
  const {command, rest} = remoteCommandOf(argv) as NonNullable<ReturnType<typeof remoteCommandOf>>
  let json = argv.includes('--json')
  try {
    const parsed = parseArgv(readManifestCommand(command, root), rest)
    json = parsed.json
    const flags = parsed.flags as {office?: string; reviewer?: string}
    if (flags.office && flags.reviewer) {
      throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
    }
    const operation = await operationOf(command, parsed)
    const endpoint = resolveEndpoint()
    const request = requestOf(operation)
    // The token alone says who acts; an actor named on the command line must be the token's.
    const named = namedActorOf(flags)
    if (named) request.headers[ACTING_AS_HEADER] = encodeActingAs(named)
    const answer = await send(endpoint, request)
    answer.body = completeResult(operation.verb, answer.body, parsed)
    const locale: Locale = readerLocale()
    if (json) {
      process.stdout.write(`${JSON.stringify(jsonOfResult(operation.verb, answer.body, locale), null, 2)}\n`)
    } else {
      const {createStyle} = require('../style') as typeof import('../style')
      const style = createStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)
      const text = renderResult(operation.verb, answer.body as never, locale, style, terminalWidth())
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    }
    for (const warning of answer.warnings) process.stderr.write(`nss: warning: ${warning}\n`)
    process.exitCode = exitCodeOfResult(operation.verb, answer.body)
  } catch (error) {
    const deskError = error instanceof DeskError ? error : undefined
    // Said in the reader's language (NSS_LOCALE, else Japanese): the catalogue loads now, for the error
    // printed — not before, and a desk error's English `message` (the log language) is not read.
    const fallback = deskError ? '' : error instanceof Error ? error.message : String(error)
    process.exitCode = reportError(deskError, fallback, json, readerLocale(), error instanceof Error ? String(error.stack) : undefined)
  }
}

