/**
 * `npm run bench` (issue 6): measures what users pay for, each figure beside its budget in the same
 * run; prints a table and writes bench/results.json. Not part of `npm test`: benchmarks are not tests,
 * and no test asserts a time.
 *
 *   npm run bench                                  every section
 *   npm run bench -- startup apply-throughput      some sections
 *   npm run bench -- --runs 31 --applications 200000 --replies 1000 --backlog 10000
 *   npm run bench -- remote-startup server-throughput --server-seconds 10 --server-rounds 5
 *
 * Exit 0 when every budget is met, 1 when one is not (the table says which), 2 on bad arguments.
 */
import * as path from 'node:path'
import {applyThroughputSection} from './apply-throughput.bench'
import {daemonMemorySection} from './daemon-memory.bench'
import {daemonThroughputSection} from './daemon-throughput.bench'
import {describeMachine, formatPlans, formatTable, passes, SectionReport, writeResults} from './report'
import {BenchOptions, makeTempDir, removeTempDirs, ROOT, Section} from './section'
import {remoteStartupSection} from './remote-startup.bench'
import {serverThroughputSection} from './server-throughput.bench'
import {startupSection} from './startup.bench'
import {storeScaleSection} from './store-scale.bench'

/** The sections, in the order they run (issue 6 parts 1–5, issue 12 point 4). */
const SECTIONS: Section[] = [
  startupSection, storeScaleSection, applyThroughputSection, daemonThroughputSection, daemonMemorySection, remoteStartupSection, serverThroughputSection,
]

const DEFAULTS: BenchOptions = {
  runs: 21, applications: 1_000_000, applyInProcess: 2000, applyThroughCli: 30, daemonReplies: 1000, backlog: 10_000, largeMessages: 20,
  serverSeconds: 5, serverRounds: 4,
}

const OPTION_NAMES: Record<string, keyof BenchOptions> = {
  '--runs': 'runs', '--applications': 'applications', '--apply-in-process': 'applyInProcess', '--apply-cli': 'applyThroughCli',
  '--replies': 'daemonReplies', '--backlog': 'backlog', '--large-messages': 'largeMessages',
  '--server-seconds': 'serverSeconds', '--server-rounds': 'serverRounds',
}

function parseArguments(argv: string[]): {options: BenchOptions; sections: Section[]} {
  const options = {...DEFAULTS}
  const names: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const option = OPTION_NAMES[argv[i]]
    if (option) {
      const value = Number(argv[++i])
      if (!Number.isInteger(value) || value < 1) throw new Error(`${argv[i - 1]} needs a whole number ≥ 1`)
      options[option] = value
    } else if (SECTIONS.some(s => s.name === argv[i])) {
      names.push(argv[i])
    } else {
      throw new Error(`unknown argument ${argv[i]}: sections are ${SECTIONS.map(s => s.name).join(', ')}; options ${Object.keys(OPTION_NAMES).join(', ')}`)
    }
  }
  if (options.runs < 15) throw new Error('--runs must be at least 15 (issue 6: median of ≥ 15 cold runs)')
  return {options, sections: names.length === 0 ? SECTIONS : SECTIONS.filter(s => names.includes(s.name))}
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>
  try {
    parsed = parseArguments(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`)
    return 2
  }
  const machine = describeMachine()
  const log = (text: string) => process.stderr.write(`bench: ${text}\n`)
  log(`${machine.cpu}, ${machine.nproc} CPUs, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`)
  const reports: SectionReport[] = []
  for (const section of parsed.sections) {
    const started = Date.now()
    try {
      const output = await section.run({options: parsed.options, tempDir: makeTempDir, log})
      reports.push({
        name: section.name,
        summary: section.summary,
        figures: output.figures.map(figure => ({section: section.name, ...figure})),
        plans: output.plans ?? [],
        notes: output.notes ?? [],
        seconds: (Date.now() - started) / 1000,
      })
    } finally {
      removeTempDirs()
    }
  }
  const resultsFile = path.join(ROOT, 'bench', 'results.json')
  writeResults(resultsFile, machine, reports)
  for (const report of reports.filter(r => r.plans.length > 0)) process.stdout.write(`\nQuery plans (${report.name}):\n${formatPlans(report.plans)}\n`)
  for (const report of reports.filter(r => r.notes.length > 0)) process.stdout.write(`\nNotes (${report.name}):\n${report.notes.map(n => `- ${n}`).join('\n')}\n`)
  process.stdout.write(`\n${formatTable(reports)}\n\n`)
  const failed = reports.flatMap(r => r.figures).filter(f => passes(f) === false)
  process.stdout.write(failed.length === 0 ? 'every budget met\n' : `${failed.length} budget(s) not met: ${failed.map(f => f.name).join('; ')}\n`)
  process.stdout.write(`results: ${path.relative(process.cwd(), resultsFile)}\n`)
  return failed.length === 0 ? 0 : 1
}

// Ctrl-C still removes the temporary stores (the 1,000,000-application one is gigabytes).
process.once('SIGINT', () => {
  removeTempDirs()
  process.exit(130)
})

main().then(code => { process.exitCode = code }, error => {
  removeTempDirs()
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
