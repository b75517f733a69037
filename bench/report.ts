/**
 * Figures and how they are shown: every figure beside its budget in the same run (issue 6), as a table
 * on stdout and as bench/results.json.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export type Unit = 'ms' | 'µs' | '×' | 'apps/s' | 'rows/s' | 'req/s' | 's' | 'MB' | 'modules' | 'plans'

/** One measured figure. A figure with a budget passes when it is at most `budget` (at least, for a floor). */
export interface Figure {
  section: string
  name: string
  value: number
  unit: Unit
  /** The limit, in the figure's unit; none for a figure shown for context (a baseline, a rate). */
  budget?: number
  /** The budget is a floor: the figure passes when it is at least `budget` (a share of a baseline's throughput). */
  isFloor?: boolean
  /** How it was measured: runs, spread, CPU time, what it includes. */
  detail?: string
}

/** A query and the plan SQLite chose for it (EXPLAIN QUERY PLAN). */
export interface QueryPlan {
  name: string
  sql: string
  plan: string[]
  usesIndexes: boolean
}

export interface SectionReport {
  name: string
  summary: string
  figures: Figure[]
  plans: QueryPlan[]
  notes: string[]
  seconds: number
}

export interface Machine {
  date: string
  nproc: number
  cpu: string
  memoryGiB: number
  node: string
  os: string
  /** Load average when the run started: other work on the machine shows in wall-clock figures. */
  loadAverage: number[]
}

/** The machine the figures were taken on (docs/performance.md names it beside them). */
export function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map(l => Math.round(l * 100) / 100),
  }
}

/** Whether a figure keeps its budget; null when it has none. */
export function passes(figure: Figure): boolean | null {
  if (figure.budget === undefined) return null
  return figure.isFloor ? figure.value >= figure.budget : figure.value <= figure.budget
}

function formatValue(value: number, unit: Unit): string {
  const digits = unit === '×' ? 2 : value >= 100 ? 0 : value >= 10 ? 1 : 2
  const text = value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: unit === '×' ? 2 : 0})
  return unit === '×' ? `${text}×` : `${text} ${unit}`
}

/** The table: section | figure | measured | budget | ratio (measured / budget) | result. */
export function formatTable(sections: SectionReport[]): string {
  const rows = [['section', 'figure', 'measured', 'budget', 'ratio', 'result']]
  for (const section of sections) {
    for (const figure of section.figures) {
      const pass = passes(figure)
      rows.push([
        section.name,
        figure.name,
        formatValue(figure.value, figure.unit),
        figure.budget === undefined ? '—' : `${figure.isFloor ? '≥' : '≤'} ${formatValue(figure.budget, figure.unit)}`,
        figure.budget === undefined ? '—' : figure.budget === 0 ? (figure.value === 0 ? '0.00' : '∞') : (figure.value / figure.budget).toFixed(2),
        pass === null ? 'info' : pass ? 'pass' : 'FAIL',
      ])
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => [...row[column]].length)))
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd()
  return [line(rows[0]), widths.map(w => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n')
}

/** The plans, one block per query, marked when a step scans a table or sorts. */
export function formatPlans(plans: QueryPlan[]): string {
  return plans.map(plan => [
    `${plan.usesIndexes ? 'indexed' : 'NOT INDEXED'}  ${plan.name}`,
    `  ${plan.sql}`,
    ...plan.plan.map(step => `    ${step}`),
  ].join('\n')).join('\n')
}

/** Writes bench/results.json (gitignored): the machine, then each section's figures, plans and notes. */
export function writeResults(file: string, machine: Machine, sections: SectionReport[]): void {
  const results = {
    machine,
    sections: sections.map(section => ({
      ...section,
      figures: section.figures.map(figure => ({...figure, pass: passes(figure)})),
    })),
  }
  fs.mkdirSync(path.dirname(file), {recursive: true})
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
}
