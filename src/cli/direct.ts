/**
 * The office and reviewer commands on the desk's host without oclif (issue 16): bin/run.js loads this
 * file — its own bundle, dist/direct.js (build/bundle.ts) — for `nss status`, `apply`, `amend`,
 * `withdraw`, `review`, `attachment`, `office senders` and `draft` in local mode (src/cli/remote/mode.ts,
 * isDirectCall), as it loads dist/remote.js in remote mode. oclif's start-up (its bundle, config and manifest, its parser) was
 * most of a `status` call beyond Node's own (docs/performance.md).
 *
 * The same command lines as oclif takes (read against oclif.manifest.json, as the remote mode reads
 * them: src/cli/remote/argv.ts), the same run (src/cli/local-verbs.ts, which DeskCommand.runVerb calls),
 * the same output, errors and exit codes (src/cli/error-output.ts); `--help` and every other command
 * stay with oclif. The desk's store is closed at the end, as DeskCommand.finally closes it.
 */
import type {DeskContext} from '../app/context'
import {localeSetting, readerLocale} from '../domain/locale-setting'
import {reportError} from './error-output'
import {runVerbLocally, toDeskError} from './local-verbs'
import {parseArgv, readManifestCommand} from './remote/argv'
import {remoteCommandOf} from './remote/mode'

/** Runs one command line (argv without node and the script); sets process.exitCode. */
export async function runDirect(argv: string[], root: string): Promise<void> {
  // bin/run.js came here because mode.ts named a direct command.
  const {command, rest} = remoteCommandOf(argv) as NonNullable<ReturnType<typeof remoteCommandOf>>
  let json = argv.includes('--json')
  let context: Promise<DeskContext> | undefined
  try {
    // NSS_LOCALE is checked before anything runs, as DeskCommand.init checks it.
    localeSetting()
    const parsed = parseArgv(readManifestCommand(command, root), rest)
    json = parsed.json
    const desk = () => (context ??= import('../app/context').then(({openContext}) => openContext()))
    const output = await runVerbLocally({desk, json}, command, parsed)
    if (json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`)
  } catch (error) {
    const deskError = error instanceof Error ? toDeskError(error) : undefined
    // Said in the reader's language (NSS_LOCALE, else Japanese); a desk error's English `message` (the log language) is not read.
    const fallback = deskError ? '' : error instanceof Error ? error.message : String(error)
    process.exitCode = reportError(deskError, fallback, json, readerLocale(), error instanceof Error ? String(error.stack) : undefined)
  } finally {
    const opened = await context?.catch(() => undefined)
    await opened?.store.close().catch(() => undefined)
  }
}
