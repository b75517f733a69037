/**
 * Issue 6 part 1: CLI start-up, which every shell-script call pays (SPEC §14). `nss status RECEIPT
 * --json` and `nss --version`, cold (a new process each run), as ratios to `node -e 0` and to a bare
 * oclif 4 CLI with one empty command, all measured in the same interleaved rounds, every one without
 * NODE_EXTRA_CA_CERTS (issue 16: a clean environment, as users' machines have).
 * Budget (issue 16): `nss status RECEIPT --json` with an API token in NSS_TOKEN — the call a script
 * makes, no scrypt — ≤ 3.5× `node -e 0`; the same call with a password (NSS_PASSWORD) is shown beside it.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {hashPassword, verifyPassword} from '../src/app/password-hash'
import {createBareOclifCli} from './bare-oclif'
import {describeCalls, describeTiming, median, runOnce, timeCalls, timeCommands, TimedCommand, Timing} from './measure'
import {BenchContext, exampleApplication, nss, nssCommand, prepareDesk, Section, SectionOutput, withoutExtraCaCerts} from './section'

/** Issue 16 (SPEC §14, issue 6 before it): `nss status RECEIPT --json` at most this many times `node -e 0`, both in a clean environment. */
export const STATUS_BUDGET_RATIO = 3.5

/** A preload that writes how many modules the process loaded (require.cache) to a file at exit. */
const COUNT_MODULES = `const fs = require('fs')
process.on('exit', () => fs.writeFileSync(process.env.BENCH_MODULES_FILE, String(Object.keys(require.cache).length)))
`

/**
 * A preload that notes when each phase of a run ends, in ms since the process started, to a file at
 * exit: Node's own start, loading the CLI's bundle (dist/direct.js for the office's and reviewer's
 * commands, src/cli/direct.ts; dist/nss.js with oclif for the others), the command's parse and login up
 * to its scrypt, the scrypt, the rest up to the output, and the exit.
 */
const PHASES = `const {performance} = require('perf_hooks')
const crypto = require('crypto')
const Module = require('module')
const fs = require('fs')
const marks = {node: performance.now()}
const scrypt = crypto.scrypt
crypto.scrypt = function (...args) {
  marks.login ??= performance.now()
  const done = args[args.length - 1]
  args[args.length - 1] = (...result) => { marks.scrypt ??= performance.now(); done(...result) }
  return scrypt.apply(this, args)
}
const load = Module._load
Module._load = function (request) {
  const loaded = load.apply(this, arguments)
  if (/dist\\/(nss|direct)(\\.js)?$/.test(request)) marks.bundle ??= performance.now()
  return loaded
}
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = (...args) => { marks.output ??= performance.now(); return write(...args) }
process.on('exit', () => { marks.exit = performance.now(); fs.writeFileSync(process.env.BENCH_PHASES_FILE, JSON.stringify(marks)) })
`

const PHASE_NAMES: [string, string][] = [
  ['node', 'Node starts (as node -e 0 does)'], ['bundle', 'load the CLI bundle (dist/direct.js: the verbs, the use cases, the store\'s modules; no oclif)'],
  ['login', 'the manifest, parse, open the read models, read the account'],
  ['scrypt', 'the login\'s scrypt (thread pool; the main thread waits)'],
  ['output', 'the status read, the JSON'], ['exit', 'exit handlers'],
]

/** Where the time of a command goes, phase by phase: medians over `runs` runs, in ms. */
function profilePhases(dir: string, command: TimedCommand, runs: number): string {
  const preload = path.join(dir, 'phases.js')
  const output = path.join(dir, 'phases.json')
  fs.writeFileSync(preload, PHASES)
  const samples: Record<string, number>[] = []
  for (let i = 0; i < runs; i++) {
    runOnce({...command, argv: [command.argv[0], '-r', preload, ...command.argv.slice(1)], env: {...command.env, BENCH_PHASES_FILE: output}})
    samples.push(JSON.parse(fs.readFileSync(output, 'utf8')))
  }
  let previous = 0
  const parts = PHASE_NAMES.map(([key, label]) => {
    const end = median(samples.map(s => s[key] ?? NaN))
    const part = `${label} ${(end - previous).toFixed(0)}`
    previous = end
    return part
  })
  return `${command.name}, ms by phase (medians of ${runs} runs, ${previous.toFixed(0)} ms to exit): ${parts.join('; ')}`
}

/** How many CommonJS modules a command loads. */
function countModules(dir: string, command: TimedCommand): number {
  const preload = path.join(dir, 'count-modules.js')
  const output = path.join(dir, 'modules.txt')
  fs.writeFileSync(preload, COUNT_MODULES)
  runOnce({...command, argv: [command.argv[0], '-r', preload, ...command.argv.slice(1)], env: {...command.env, BENCH_MODULES_FILE: output}})
  return Number(fs.readFileSync(output, 'utf8'))
}

export const startupSection: Section = {
  name: 'startup',
  summary: 'CLI start-up, cold, as ratios to node -e 0 and to a bare oclif 4 CLI (issue 6 part 1)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const {runs} = context.options
    context.log('startup: preparing a desk and a bare oclif CLI')
    const desk = prepareDesk(context.tempDir('startup'))
    const {receiptNo} = JSON.parse(nss(['apply', '--file', '-', '--json'], desk.office, JSON.stringify(exampleApplication())))
    const {token} = JSON.parse(nss(['token', 'create', '--office', 'NACCS01', '--name', 'bench', '--expires-days', '1', '--json'], desk.ops)) as {token: string}
    // The token's office, and nothing of the password's: NSS_TOKEN says who acts.
    const byToken = {NSS_HOME: desk.office.NSS_HOME, NSS_TOKEN: token}
    const bare = createBareOclifCli(context.tempDir('bare-oclif'))
    const clean = (command: TimedCommand): TimedCommand => ({...command, env: withoutExtraCaCerts(command.env ?? process.env)})

    const commands = {
      node: clean({name: 'node -e 0', argv: [process.execPath, '-e', '0']}),
      bare: clean({name: 'bare oclif 4 CLI, empty command', argv: [process.execPath, bare, 'empty']}),
      version: clean(nssCommand('nss --version', ['--version'], desk.ops)),
      status: clean(nssCommand('nss status RECEIPT --json (NSS_TOKEN)', ['status', receiptNo, '--json'], byToken)),
      statusPassword: clean(nssCommand('nss status RECEIPT --json (NSS_OFFICE, NSS_PASSWORD)', ['status', receiptNo, '--json'], desk.office)),
      statusUncached: clean(nssCommand('nss status RECEIPT --json (NSS_TOKEN), no compile cache', ['status', receiptNo, '--json'], {...byToken, NSS_COMPILE_CACHE: 'off'})),
      list: clean(nssCommand('nss status --json (news and list, NSS_TOKEN)', ['status', '--json'], byToken)),
    } satisfies Record<string, TimedCommand>
    context.log(`startup: ${runs} interleaved rounds of ${Object.keys(commands).length} commands`)
    const timings = timeCommands(Object.values(commands), runs)
    const timing = (command: TimedCommand): Timing => timings.find(t => t.name === command.name)!
    const node = timing(commands.node).median
    const bareMs = timing(commands.bare).median
    const ratio = (command: TimedCommand) => timing(command).median / node

    // The login's scrypt (password-hash.ts, N = 16384) is a deliberate cost inside every status call.
    const hash = await hashPassword('bench-password')
    const scrypt = await timeCalls(() => verifyPassword('bench-password', hash), 9, 2)

    const modulesDir = context.tempDir('modules')
    const figures: SectionOutput['figures'] = [
      {name: 'node -e 0', value: node, unit: 'ms', detail: describeTiming(timing(commands.node))},
      {name: 'bare oclif 4 CLI, empty command', value: bareMs, unit: 'ms', detail: `${(bareMs / node).toFixed(2)}× node -e 0; ${describeTiming(timing(commands.bare))}`},
      {name: 'nss --version', value: timing(commands.version).median, unit: 'ms', detail: describeTiming(timing(commands.version))},
      {name: 'nss --version ÷ node -e 0', value: ratio(commands.version), unit: '×', detail: `${(timing(commands.version).median / bareMs).toFixed(2)}× the bare oclif CLI`},
      {name: 'nss status RECEIPT --json, NSS_TOKEN', value: timing(commands.status).median, unit: 'ms', detail: describeTiming(timing(commands.status))},
      {
        name: 'nss status RECEIPT --json, NSS_TOKEN ÷ node -e 0', value: ratio(commands.status), unit: '×', budget: STATUS_BUDGET_RATIO,
        detail: `${(timing(commands.status).median / bareMs).toFixed(2)}× the bare oclif CLI; an API token: its hash looked up, no scrypt`,
      },
      {
        name: 'nss status RECEIPT --json, NSS_PASSWORD ÷ node -e 0', value: ratio(commands.statusPassword), unit: '×',
        detail: `${timing(commands.statusPassword).median.toFixed(0)} ms; includes the login's scrypt; ${describeTiming(timing(commands.statusPassword))}`,
      },
      {name: 'same with NSS_TOKEN, compile cache off (NSS_COMPILE_CACHE=off) ÷ node -e 0', value: ratio(commands.statusUncached), unit: '×', detail: describeTiming(timing(commands.statusUncached))},
      {name: 'nss status --json (news and list) ÷ node -e 0', value: ratio(commands.list), unit: '×', detail: describeTiming(timing(commands.list))},
      {name: 'login password check (scrypt), in process', value: median(scrypt), unit: 'ms', detail: describeCalls(scrypt)},
      {name: 'modules loaded by nss --version', value: countModules(modulesDir, commands.version), unit: 'modules'},
      {name: 'modules loaded by nss status RECEIPT --json', value: countModules(modulesDir, commands.status), unit: 'modules'},
      {name: 'modules loaded by the bare oclif CLI', value: countModules(modulesDir, commands.bare), unit: 'modules'},
    ]
    return {
      figures,
      notes: [
        profilePhases(modulesDir, commands.statusPassword, 9),
        `Every command runs without NODE_EXTRA_CA_CERTS (this machine sets it to ${process.env.NODE_EXTRA_CA_CERTS ?? 'nothing'}; Node parses that bundle at every start, node -e 0 included; users' machines do not set it).`,
        'Each run is a new process; every command runs twice untimed first (page cache, compile cache). Ratios are of medians taken in the same interleaved rounds.',
        'The bare oclif CLI keeps oclif\'s engine check (semver); nss skips it (bin/run.js).',
      ],
    }
  },
}
