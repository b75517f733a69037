/**
 * mocha's spec reporter plus the plain closing line CI reads: `N passed, N failed[, N skipped]`.
 *
 * Run by test/run-suites.ts once per store, it is told so (NSS_TEST_STATS_FILE): it then writes its
 * counts to that file for the combined closing line, and ends with a line naming the store and the
 * time taken instead, so that only the combined line reads as a closing line.
 */
import * as fs from 'node:fs'
import Mocha = require('mocha')

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options)
    const started = Date.now()
    runner.once('end', () => {
      const stats = runner.stats ?? {passes: 0, failures: 0, pending: 0}
      const skipped = stats.pending ? `, ${stats.pending} skipped` : ''
      const statsFile = process.env.NSS_TEST_STATS_FILE
      if (!statsFile) {
        process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`)
        return
      }
      const ms = Date.now() - started
      fs.writeFileSync(statsFile, JSON.stringify({passes: stats.passes, failures: stats.failures, pending: stats.pending, ms}))
      const store = process.env.NSS_TEST_STORE ?? 'sqlite'
      process.stdout.write(`the suite on ${store} gave ${stats.passes} passed, ${stats.failures} failed${skipped} in ${(ms / 60_000).toFixed(1)} min\n`)
    })
  }
}

export = SummaryReporter
