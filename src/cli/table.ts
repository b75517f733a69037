/**
 * Plain-text tables for the seed's screens (SPEC §9). Columns are measured in terminal columns, so a
 * row of 通関輸出入 lines up with a row of NACCS; a cell that does not fit is wrapped, never cut, because
 * an address or a notice cut short would say something else.
 */
import {displayWidth, longestWordWidth, padToWidth, widestLine, wrapToWidth} from './text-width'

export interface TableOptions {
  /** Total width of a line, in columns. Without it nothing wraps except at the text's own line breaks. */
  maxWidth?: number
}

/** A label and its value. */
export type KeyValue = [label: string, value: string]

const COLUMN_GAP = '  '
const PAIR_GAP = '    '
// A column narrower than this cannot hold one wide character.
const MIN_COLUMN_WIDTH = 2
const MAX_WORD_FLOOR = 20

/**
 * Water-filling: every column gets min(target, max(cap, floor)) for the largest cap that fits, so the
 * widest columns give up space first and narrow ones keep their width. Columns left short of their
 * target share any remainder one column each. The floors are never undercut, even if that overflows.
 */
function waterFill(targets: number[], available: number, floors: number[]): number[] {
  const widthsAt = (cap: number) => targets.map((target, index) => Math.min(target, Math.max(cap, floors[index])))
  const sum = (widths: number[]) => widths.reduce((total, width) => total + width, 0)
  let cap = Math.max(0, ...targets)
  while (cap > 0 && sum(widthsAt(cap)) > available) cap--
  const widths = widthsAt(cap)
  let spare = available - sum(widths)
  for (let index = 0; index < widths.length && spare > 0; index++) {
    if (widths[index] < targets[index]) {
      widths[index]++
      spare--
    }
  }
  return widths
}

/** What a column would like (`full`), what its cells need (`content`), and its longest word. */
export interface ColumnNeeds {
  full: number
  content: number
  word: number
}

/**
 * Fits columns into `available` columns. In order of preference: everything at full width; cells at
 * full width with long headers wrapped; cells wrapped between words; cells broken anywhere (a column
 * never narrower than one wide character).
 */
export function fitColumnWidths(needs: ColumnNeeds[], available: number | undefined): number[] {
  const full = needs.map((need) => need.full)
  const content = needs.map((need) => need.content)
  const sum = (widths: number[]) => widths.reduce((total, width) => total + width, 0)
  if (available === undefined || sum(full) <= available) return full
  if (sum(content) <= available) return waterFill(full, available, content)
  const wordFloors = needs.map((need) => Math.min(need.content, Math.max(need.word, MIN_COLUMN_WIDTH)))
  if (sum(wordFloors) <= available) return waterFill(content, available, wordFloors)
  return waterFill(content, available, content.map((width) => Math.min(width, MIN_COLUMN_WIDTH)))
}

/**
 * A column wrapped at width w often uses less (`NACCS TRADE COMPANY` at 13 wraps to 11): give what it
 * leaves unused to the column that still falls furthest short, so the address wraps less.
 */
function tightenColumnWidths(widths: number[], needs: ColumnNeeds[], columns: string[][], available: number | undefined): number[] {
  if (available === undefined) return widths
  const tightened = [...widths]
  const usedWidth = (index: number) =>
    Math.max(0, ...columns[index].flatMap((cell) => wrapToWidth(cell, tightened[index])).map(displayWidth))
  for (let round = 0; round < columns.length; round++) {
    for (let index = 0; index < tightened.length; index++) tightened[index] = Math.min(tightened[index], usedWidth(index))
    const spare = available - tightened.reduce((sum, width) => sum + width, 0)
    const shortfalls = tightened.map((width, index) => needs[index].full - width)
    const neediest = shortfalls.indexOf(Math.max(...shortfalls))
    if (spare <= 0 || shortfalls[neediest] <= 0) break
    tightened[neediest] += Math.min(spare, shortfalls[neediest])
  }
  return tightened
}

/** The needs of a column from its header and cells. */
function measureColumn(header: string, cells: string[]): ColumnNeeds {
  const content = Math.max(0, ...cells.map(widestLine))
  // A word longer than this is broken anyway rather than squeezing every other column.
  const word = Math.min(MAX_WORD_FLOOR, Math.max(0, ...cells.map(longestWordWidth)))
  return {full: Math.max(widestLine(header), content), content, word}
}

/** Lays out rows of cells in fixed-width columns; `gaps[k]` separates column k from k + 1. */
function renderGrid(rows: string[][], widths: number[], gaps: string[]): string[] {
  const lines: string[] = []
  for (const row of rows) {
    const cells = widths.map((width, index) => wrapToWidth(row[index] ?? '', width))
    const height = Math.max(1, ...cells.map((cell) => cell.length))
    for (let lineIndex = 0; lineIndex < height; lineIndex++) {
      let line = ''
      widths.forEach((width, index) => {
        const text = cells[index][lineIndex] ?? ''
        line += index === widths.length - 1 ? text : padToWidth(text, width) + gaps[index]
      })
      lines.push(line.trimEnd())
    }
  }
  return lines
}

/**
 * A table with a header, a dashed underline and two-space gaps. Pass `headers: []` for a table without
 * a header (the seed's 新着情報 list has none). Cells may hold line breaks and ANSI colours.
 */
export function renderTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
  const columnCount = Math.max(headers.length, ...rows.map((row) => row.length))
  if (columnCount === 0) return ''
  const needs = Array.from({length: columnCount}, (_, index) => measureColumn(headers[index] ?? '', rows.map((row) => row[index] ?? '')))
  const gapsWidth = COLUMN_GAP.length * (columnCount - 1)
  const available = options.maxWidth === undefined ? undefined : options.maxWidth - gapsWidth
  const columns = needs.map((_, index) => [headers[index] ?? '', ...rows.map((row) => row[index] ?? '')])
  const widths = tightenColumnWidths(fitColumnWidths(needs, available), needs, columns, available)
  const gaps = widths.map(() => COLUMN_GAP)
  const lines: string[] = []
  if (headers.length > 0) {
    lines.push(...renderGrid([headers], widths, gaps))
    // ASCII dashes: box-drawing ─ is "ambiguous" width and takes two columns on many Japanese terminals.
    lines.push(widths.map((width) => '-'.repeat(width)).join(COLUMN_GAP))
  }
  lines.push(...renderGrid(rows, widths, gaps))
  return lines.join('\n')
}

/**
 * Label/value pairs, one or two pairs per row, like the seed's 申込概要:
 * `受付番号  2101910C    ステータス  内容確認`. Labels are padded by display width; a row with one
 * pair lets its value run on to the line's end (備考 on its own line). When two pairs a row do not fit
 * in `maxWidth`, every pair gets a row of its own instead of squeezing the values.
 */
export function renderKeyValueRows(rows: KeyValue[][], options: TableOptions = {}): string {
  if (rows.length === 0) return ''
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY
  const pairRows = rows.filter((row) => row.length >= 2)
  const firstLabelWidth = Math.max(...rows.map((row) => widestLine(row[0]?.[0] ?? '')))
  const valueWidth = (pairs: KeyValue[]) => Math.max(0, ...pairs.map((pair) => widestLine(pair[1])))
  const pairWidths = [
    firstLabelWidth,
    valueWidth(pairRows.map((row) => row[0])),
    Math.max(0, ...pairRows.map((row) => widestLine(row[1][0]))),
    valueWidth(pairRows.map((row) => row[1])),
  ]
  const pairLineWidth = pairWidths.reduce((sum, width) => sum + width, 0) + COLUMN_GAP.length * 2 + PAIR_GAP.length
  if (pairRows.length > 0 && pairLineWidth > maxWidth) return renderKeyValueRows(rows.flat().map((pair) => [pair]), options)
  const spanWidth = Math.max(MIN_COLUMN_WIDTH, maxWidth - firstLabelWidth - COLUMN_GAP.length)
  const lines = rows.flatMap((row) =>
    row.length >= 2
      ? renderGrid([[row[0][0], row[0][1], row[1][0], row[1][1]]], pairWidths, [COLUMN_GAP, PAIR_GAP, COLUMN_GAP])
      : renderGrid([[row[0]?.[0] ?? '', row[0]?.[1] ?? '']], [firstLabelWidth, spanWidth], [COLUMN_GAP]),
  )
  return lines.join('\n')
}

/** Label/value pairs in one column, or two pairs a row with `columns: 2`. */
export function renderKeyValues(pairs: KeyValue[], options: TableOptions & {columns?: 1 | 2} = {}): string {
  const perRow = options.columns ?? 1
  const rows: KeyValue[][] = []
  for (let index = 0; index < pairs.length; index += perRow) rows.push(pairs.slice(index, index + perRow))
  return renderKeyValueRows(rows, options)
}
