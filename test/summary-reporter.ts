/**
 * mocha's spec reporter plus the plain closing line CI reads: `N passed, N failed[, N skipped]`.
 */
import Mocha = require('mocha')

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options)
    runner.once('end', () => {
      const stats = runner.stats ?? {passes: 0, failures: 0, pending: 0}
      const skipped = stats.pending ? `, ${stats.pending} skipped` : ''
      process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`)
    })
  }
}

export = SummaryReporter
