/**
 * mocha's spec reporter plus the plain closing line CI reads: `N passed, N failed[, N skipped]`.
 *
 * Run by test/run-suites.ts once per store, it is told so (NSS_TEST_STATS_FILE): it then writes its
 * counts to that file for the combined closing line, and ends with a line naming the store and the
 * time taken instead, so that only the combined line reads as a closing line. The file also names each
 * failing test (its file, its title, the first line of its error) and the time spent in each file.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import Mocha = require('mocha')

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options)
    const started = Date.now()
    const failed: Array<{file: string; title: string; message: string}> = []
    const files: Record<string, number> = {}
    const fileOf = (runnable: Mocha.Runnable): string => runnable.file ? path.relative(process.cwd(), runnable.file) : ''
    runner.on('fail', (runnable, error: Error) => {
      failed.push({file: fileOf(runnable), title: runnable.fullTitle(), message: String(error?.message ?? error).split('\n')[0].slice(0, 300)})
    })
    const begun = new Map<Mocha.Suite, number>()
    runner.on('suite', suite => { if (suite.parent?.root) begun.set(suite, Date.now()) })
    runner.on('suite end', suite => {
      const at = begun.get(suite)
      if (at === undefined || !suite.file) return
      const file = path.relative(process.cwd(), suite.file)
      files[file] = (files[file] ?? 0) + Date.now() - at
    })
    runner.once('end', () => {
      const stats = runner.stats ?? {passes: 0, failures: 0, pending: 0}
      const skipped = stats.pending ? `, ${stats.pending} skipped` : ''
      const statsFile = process.env.NSS_TEST_STATS_FILE
      if (!statsFile) {
        process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`)
        return
      }
      const ms = Date.now() - started
      fs.writeFileSync(statsFile, JSON.stringify({passes: stats.passes, failures: stats.failures, pending: stats.pending, ms, failed, files}))
      const run = process.env.NSS_TEST_RUN ?? process.env.NSS_TEST_STORE ?? 'sqlite'
      process.stdout.write(`the suite ${run} gave ${stats.passes} passed, ${stats.failures} failed${skipped} in ${(ms / 60_000).toFixed(1)} min\n`)
    })
  }
}

export = SummaryReporter
