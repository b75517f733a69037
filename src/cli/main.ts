/**
 * The CLI in one module: what bin/run.js runs and what oclif reads the commands from. `npm run build`
 * bundles this file with everything it reaches — @oclif/core and its dependencies, the commands and
 * the desk's own modules — into dist/nss.js (build/bundle.ts), so a call loads one script instead of
 * some 160 files (SPEC §14; docs/performance.md). Other packages (TypeORM, better-sqlite3, the mail
 * libraries) stay outside it and load, as before, only where a command needs them.
 */
import {execute, handle} from '@oclif/core'

export {COMMANDS} from './commands'
export {commandNotFound} from './command-not-found'

/** Runs the command line of this process; `dir` is the folder of bin/run.js (oclif finds package.json from it). */
export async function runCli(dir: string): Promise<void> {
  try {
    await execute({dir})
  } catch (error) {
    await handle(error as Error)
  }
}
