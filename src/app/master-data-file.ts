/**
 * Reads an offices master-data file for `nss office import` (SPEC §2): JSON in the form shown there, or
 * CSV with one row per user ID. Decoding, parsing and grouping happen here; the rules live in
 * src/domain/master-data-schema.ts. Every problem names the file, the line, the column (CSV: its name)
 * and the reason, and all of them are thrown at once as one InvalidInputError: the import is one
 * transaction, so the operator fixes the whole file in one go.
 */
import {JsonSyntaxError, lineAndColumn, lineAt, parseJsonWithLocations, ParsedJson} from './located-json'
import {readInputFile} from './input-file'
import {basename, extname} from 'node:path'
import {parse as parseCsv} from 'csv-parse/sync'
import iconv = require('iconv-lite')
import {DeskError, InvalidInputError, IssueInput, NotFoundError} from '../domain/errors'
import {OfficeRecord} from '../domain/master-data'
import {validateMasterData} from '../domain/master-data-schema'
import {LocalText, text as localText} from '../domain/messages/text'

/** How the bytes are decoded: UTF-8 (BOM optional), or cp932 for files saved by Japanese Excel. */
export type MasterDataEncoding = 'utf8' | 'cp932'

/** The two file formats of SPEC §2. */
export type MasterDataFormat = 'json' | 'csv'

/** Options of readMasterDataFile; both mirror flags of `nss office import`. */
export interface MasterDataFileOptions {
  encoding?: MasterDataEncoding
  format?: MasterDataFormat
}

/** The CSV columns (SPEC §2: "the same fields, snake_case, one row per user ID"), in file order. */
const CSV_COLUMNS = [
  'office_code', 'office_name', 'admin_name', 'admin_email', 'locale',
  'user_code', 'company_name_en', 'office_name_en', 'address_en', 'manager_name_en', 'system_class', 'industry',
  'ident', 'method',
] as const
type CsvColumn = typeof CSV_COLUMNS[number]

/** Office fields and user-code fields by column, as named in the JSON form. */
const OFFICE_FIELDS = {office_code: 'code', office_name: 'name', admin_name: 'adminName', admin_email: 'adminEmail', locale: 'locale'} as const
const USER_CODE_FIELDS = {
  user_code: 'code', company_name_en: 'companyNameEn', office_name_en: 'officeNameEn', address_en: 'addressEn',
  manager_name_en: 'managerNameEn', system_class: 'systemClass', industry: 'industry',
} as const
const USER_ID_FIELDS = {ident: 'ident', method: 'method'} as const
const OFFICE_COLUMNS = Object.keys(OFFICE_FIELDS) as (keyof typeof OFFICE_FIELDS)[]
const USER_CODE_COLUMNS = Object.keys(USER_CODE_FIELDS) as (keyof typeof USER_CODE_FIELDS)[]

/** JSON nesting deeper than this is not master data; refusing it keeps the parser off the stack limit. */

/** The messages of this reader, in one place: texts of the master-data catalogue (src/domain/messages/ja/master-data.ts). */
const MESSAGES = {
  summary: (file: string, count: number) => localText('masterData.fileSummary', {file, count}),
  notFound: (filePath: string) => localText('masterData.notFound', {filePath}),
  isDirectory: (filePath: string) => localText('masterData.isDirectory', {filePath}),
  permissionDenied: (filePath: string) => localText('masterData.permissionDenied', {filePath}),
  unreadable: (filePath: string, reason: string) => localText('masterData.unreadable', {filePath, reason}),
  unknownFormat: (file: string) => localText('masterData.unknownFormat', {file}),
  empty: localText('masterData.empty'),
  notUtf8: localText('masterData.notUtf8'),
  notUtf8DespiteBom: localText('masterData.notUtf8DespiteBom'),
  notCp932: localText('masterData.notCp932'),
  // The reason is the JSON reader's own (src/app/located-json.ts), in English.
  jsonSyntax: (reason: string) => localText('masterData.jsonSyntax', {reason}),
  // csv-parse's own reason, for an error not in CSV_SYNTAX_ERRORS.
  csvSyntax: (reason: string) => localText('masterData.csvSyntax', {reason}),
  noRows: localText('masterData.noRows'),
  missingColumn: localText('masterData.missingColumn'),
  unknownColumn: (expected: string) => localText('masterData.unknownColumn', {expected}),
  duplicateColumn: localText('masterData.duplicateColumn'),
  fieldCount: (found: number, expected: number) => localText('masterData.fieldCount', {found, expected}),
  officeConflict: (office: string, line: number, there: string, here: string) =>
    localText('masterData.officeConflict', {office, line, there, here}),
  userCodeConflict: (userCode: string, line: number, there: string, here: string) =>
    localText('masterData.userCodeConflict', {userCode, line, there, here}),
}

/** An issue with the position it was found at, so that the list can be shown in file order. */
interface LocatedIssue extends IssueInput {
  line: number
  column: number
}

/** Where a data path is in the file: the location text shown to the user and its sort position. */
interface Location {
  text: string
  line: number
  column: number
}

/**
 * Reads and validates an offices master-data file (SPEC §2). The format comes from `options.format` or
 * the extension (.json, .csv). Throws NotFoundError for a missing file and one InvalidInputError listing
 * every problem (issue paths such as `offices.csv:7:user_code` or `offices.json:5:20:offices[0].adminEmail`).
 */
export function readMasterDataFile(filePath: string, options: MasterDataFileOptions = {}): OfficeRecord[] {
  const file = basename(filePath)
  const format = options.format ?? formatFromName(file)
  const bytes = readBytes(filePath)
  const text = decode(bytes, options.encoding ?? 'utf8', file)
  // JS trim also removes U+FEFF, so a file holding only a BOM counts as empty.
  if (text.trim() === '') throw invalid(file, [{path: file, line: 0, column: 0, message: MESSAGES.empty}])
  return format === 'json' ? readJson(text, file) : readCsv(text, file)
}

function formatFromName(file: string): MasterDataFormat {
  const extension = extname(file).toLowerCase()
  if (extension === '.json') return 'json'
  if (extension === '.csv') return 'csv'
  throw new InvalidInputError(MESSAGES.unknownFormat(file), [{path: file, message: MESSAGES.unknownFormat(file)}])
}

function readBytes(filePath: string): Buffer {
  try {
    // Capped (input-file.ts): a file over MAX_INPUT_BYTES is refused, exit 2, before it is read.
    return readInputFile(filePath)
  } catch (error) {
    if (error instanceof DeskError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new NotFoundError(MESSAGES.notFound(filePath))
    const message = code === 'EISDIR' ? MESSAGES.isDirectory(filePath)
      : code === 'EACCES' || code === 'EPERM' ? MESSAGES.permissionDenied(filePath)
        : MESSAGES.unreadable(filePath, (error as Error).message)
    throw new InvalidInputError(message, [{path: filePath, message}])
  }
}

/** One InvalidInputError for the whole file, its issues in file order. */
function invalid(file: string, issues: LocatedIssue[]): InvalidInputError {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column)
  return new InvalidInputError(MESSAGES.summary(file, sorted.length), sorted.map(({path, message}) => ({path, message})))
}


const UTF8_BOM = [0xef, 0xbb, 0xbf]

/**
 * Decodes the file. A UTF-8 BOM always means UTF-8 (Excel's "CSV UTF-8" writes one, and no cp932 text
 * starts with those bytes); otherwise the encoding option decides. Bytes that do not decode are an
 * error rather than U+FFFD in the store: a cp932 file read as UTF-8 would otherwise import mojibake.
 */
function decode(bytes: Buffer, encoding: MasterDataEncoding, file: string): string {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte)
  if (hasBom || encoding === 'utf8') {
    const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes
    try {
      return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(body)
    } catch {
      const lenient = new TextDecoder('utf-8', {ignoreBOM: true}).decode(body)
      const line = lineAt(lenient, lenient.indexOf('\uFFFD'))
      const message = hasBom ? MESSAGES.notUtf8DespiteBom : MESSAGES.notUtf8
      throw invalid(file, [{path: `${file}:${line}`, line, column: 0, message}])
    }
  }
  const text = iconv.decode(bytes, 'cp932')
  const bad = text.indexOf('\uFFFD')
  if (bad !== -1) {
    const line = lineAt(text, bad)
    throw invalid(file, [{path: `${file}:${line}`, line, column: 0, message: MESSAGES.notCp932}])
  }
  return text
}

/**
 * Runs the domain validation with `locate` turning data paths into file positions, and merges its
 * issues with the ones this reader found itself, so that everything is thrown at once.
 */
function validateLocated(
  file: string,
  document: unknown,
  locate: (dataPath: string) => Location,
  earlierIssues: LocatedIssue[] = [],
): OfficeRecord[] {
  const positions = new Map<string, Location>()
  const source = (dataPath: string): string => {
    const location = locate(dataPath)
    positions.set(location.text, location)
    return location.text
  }
  let offices: OfficeRecord[] = []
  const issues = [...earlierIssues]
  try {
    offices = validateMasterData(document, source)
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    // As raised: catalogue texts stay unsaid until the error is printed in its reader's language.
    for (const issue of error.raised.issues) {
      const position = positions.get(issue.path)
      issues.push({...issue, line: position?.line ?? 0, column: position?.column ?? 0})
    }
  }
  if (issues.length > 0) throw invalid(file, issues)
  return offices
}

/** The nearest recorded ancestor of a data path: a missing field is shown at its enclosing object. */
function findNearest<T>(locations: ReadonlyMap<string, T>, dataPath: string): T | undefined {
  for (let path = dataPath; ; path = parentPath(path)) {
    const found = locations.get(path)
    if (found !== undefined || path === '') return found
  }
}

/** `offices[0].userCodes[1].code` → `offices[0].userCodes[1]` → `offices[0].userCodes` → … → ''. */
function parentPath(dataPath: string): string {
  const match = /^(.*)(?:\.[^.[\]]*|\[\d+\])$/.exec(dataPath)
  return match ? match[1] : ''
}

// ---- JSON -------------------------------------------------------------------------------------------

function readJson(text: string, file: string): OfficeRecord[] {
  let parsed: ParsedJson
  try {
    parsed = parseJsonWithLocations(text)
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    const {line, column} = lineAndColumn(text, error.offset)
    throw invalid(file, [{path: `${file}:${line}:${column}`, line, column, message: MESSAGES.jsonSyntax(error.reason)}])
  }
  return validateLocated(file, parsed.value, (dataPath) => {
    const {line, column} = lineAndColumn(text, findNearest(parsed.offsets, dataPath) ?? 0)
    const position = `${file}:${line}:${column}`
    return {text: dataPath === '' ? position : `${position}:${dataPath}`, line, column}
  })
}

// ---- CSV --------------------------------------------------------------------------------------------

type CsvCells = Record<CsvColumn, string | undefined>

interface CsvRow {
  /** The line the row starts on (a quoted cell may span lines). */
  line: number
  cells: CsvCells
}

interface UserCodeGroup {
  first: CsvRow
  rows: CsvRow[]
}

interface OfficeGroup {
  first: CsvRow
  userCodes: Map<string, UserCodeGroup>
}

/** Compared and grouped by normalized value, as validation will see them (SPEC §3: NFKC first). */
function normalizeCell(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').trim()
}

/** csv-parse's errors an operator makes in Excel or an editor, said in our words. */
const CSV_SYNTAX_ERRORS: Record<string, LocalText> = {
  CSV_QUOTE_NOT_CLOSED: localText('masterData.csvQuoteNotClosed'),
  CSV_INVALID_CLOSING_QUOTE: localText('masterData.csvTextAfterQuote'),
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: localText('masterData.csvTextAfterQuote'),
}

function readCsv(text: string, file: string): OfficeRecord[] {
  // Excel writes CRLF; csv-parse miscounts lines on CR, and a line break inside a cell is never wanted here.
  const records = parseCsvRecords(text.replace(/\r\n?/g, '\n'), file)
  const [header, ...rows] = records
  if (header === undefined) throw invalid(file, [{path: file, line: 0, column: 0, message: MESSAGES.empty}])
  const issues: LocatedIssue[] = []
  const columnIndex = readHeader(header.record, file, issues)
  if (issues.length > 0) throw invalid(file, issues)
  if (rows.length === 0) throw invalid(file, [{path: `${file}:${header.line}`, line: header.line, column: 0, message: MESSAGES.noRows}])

  const csvRows: CsvRow[] = []
  for (const {record, line} of rows) {
    if (record.length !== header.record.length) {
      issues.push({path: `${file}:${line}`, line, column: -1, message: MESSAGES.fieldCount(record.length, header.record.length)})
      continue
    }
    const cells = Object.fromEntries(CSV_COLUMNS.map((column) => {
      const value = record[columnIndex.get(column) ?? -1]
      // An empty cell is a missing value: "required", or the default for locale.
      return [column, value === undefined || value.trim() === '' ? undefined : value]
    })) as CsvCells
    csvRows.push({line, cells})
  }

  const offices = groupRows(csvRows, file, issues)
  const {document, locations} = buildDocument(offices, file)
  return validateLocated(file, document, (dataPath) => findNearest(locations, dataPath) ?? {text: `${file}:1`, line: 1, column: -1}, issues)
}

function parseCsvRecords(text: string, file: string): {record: string[], line: number}[] {
  let parsed: {record: string[], info: {lines: number}}[]
  try {
    // With `info`, csv-parse returns {record, info} pairs; its typings only know plain records.
    parsed = parseCsv(text, {info: true, relax_column_count: true, skip_empty_lines: true}) as unknown as typeof parsed
  } catch (error) {
    const {code, lines, message} = error as Error & {code?: string, lines?: number}
    // csv-parse reports an unclosed quote where the file ends; the operator needs the line it opens on.
    const line = (code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : undefined) ?? lines ?? 0
    const reason = CSV_SYNTAX_ERRORS[code ?? ''] ?? MESSAGES.csvSyntax(message)
    throw invalid(file, [{path: `${file}:${line}`, line, column: 0, message: reason}])
  }
  return parsed
    // Excel saves rows that were only formatted as ",,,,"; they carry no data.
    .filter(({record}) => record.some((cell) => cell.trim() !== ''))
    .map(({record, info}) => {
      // info.lines is the line the record ends on; count back over line breaks inside quoted cells.
      const breaks = record.reduce((count, cell) => count + cell.split('\n').length - 1, 0)
      return {record, line: info.lines - breaks}
    })
}

/** The line of a quote that opens a cell and is never closed (RFC 4180: "" inside a quoted cell is a quote). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1
  let openedOn: number | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\n') line++
    if (char !== '"') continue
    if (openedOn === undefined) {
      if (i === 0 || text[i - 1] === ',' || text[i - 1] === '\n') openedOn = line
    } else if (text[i + 1] === '"') {
      i++
    } else {
      openedOn = undefined
    }
  }
  return openedOn
}

/** Maps each known column to its index; missing, unknown and repeated columns are issues on line 1. */
function readHeader(header: string[], file: string, issues: LocatedIssue[]): Map<CsvColumn, number> {
  const columnIndex = new Map<CsvColumn, number>()
  header.forEach((raw, index) => {
    const name = raw.normalize('NFKC').trim().toLowerCase()
    const known = (CSV_COLUMNS as readonly string[]).includes(name)
    const message = !known ? MESSAGES.unknownColumn(CSV_COLUMNS.join(','))
      : columnIndex.has(name as CsvColumn) ? MESSAGES.duplicateColumn
        : undefined
    if (message) issues.push({path: `${file}:1:${name || `(column ${index + 1})`}`, line: 1, column: index, message})
    else columnIndex.set(name as CsvColumn, index)
  })
  CSV_COLUMNS.forEach((column, order) => {
    if (!columnIndex.has(column)) issues.push({path: `${file}:1:${column}`, line: 1, column: header.length + order, message: MESSAGES.missingColumn})
  })
  return columnIndex
}

/**
 * Groups rows into offices and user codes, in order of first appearance. The office and user-code
 * columns repeat on every row of the CSV, so rows of one office (one user code) must agree on them;
 * a disagreement names both lines.
 */
function groupRows(rows: CsvRow[], file: string, issues: LocatedIssue[]): Map<string, OfficeGroup> {
  const offices = new Map<string, OfficeGroup>()
  const checkAgreement = (
    columns: readonly CsvColumn[], first: CsvRow, row: CsvRow, describe: (line: number, there: string, here: string) => LocalText,
  ) => {
    for (const column of columns) {
      const there = normalizeCell(first.cells[column])
      const here = normalizeCell(row.cells[column])
      if (there === here) continue
      issues.push({path: `${file}:${row.line}:${column}`, line: row.line, column: CSV_COLUMNS.indexOf(column), message: describe(first.line, there, here)})
    }
  }
  for (const row of rows) {
    const officeKey = normalizeCell(row.cells.office_code)
    let office = offices.get(officeKey)
    if (office === undefined) {
      office = {first: row, userCodes: new Map()}
      offices.set(officeKey, office)
    } else {
      checkAgreement(OFFICE_COLUMNS, office.first, row, (line, there, here) => MESSAGES.officeConflict(officeKey, line, there, here))
    }
    const userCodeKey = normalizeCell(row.cells.user_code)
    const userCode = office.userCodes.get(userCodeKey)
    if (userCode === undefined) {
      office.userCodes.set(userCodeKey, {first: row, rows: [row]})
    } else {
      checkAgreement(USER_CODE_COLUMNS, userCode.first, row, (line, there, here) => MESSAGES.userCodeConflict(userCodeKey, line, there, here))
      userCode.rows.push(row)
    }
  }
  return offices
}

/**
 * Builds the JSON form from the groups, and the location of each data path: a field is found on its
 * group's first row, in its column; a list or record that is itself at fault is shown at its key column.
 */
function buildDocument(offices: Map<string, OfficeGroup>, file: string) {
  const locations = new Map<string, Location>()
  const at = (dataPath: string, row: CsvRow, column: CsvColumn): void => {
    locations.set(dataPath, {text: `${file}:${row.line}:${column}`, line: row.line, column: CSV_COLUMNS.indexOf(column)})
  }
  const fields = <C extends CsvColumn>(path: string, row: CsvRow, mapping: Record<C, string>): Record<string, string | undefined> =>
    Object.fromEntries((Object.keys(mapping) as C[]).map((column) => {
      at(`${path}.${mapping[column]}`, row, column)
      return [mapping[column], row.cells[column]]
    }))

  const document = {
    offices: [...offices.values()].map((office, i) => {
      const officePath = `offices[${i}]`
      at(officePath, office.first, 'office_code')
      at(`${officePath}.userCodes`, office.first, 'user_code')
      return {
        ...fields(officePath, office.first, OFFICE_FIELDS),
        userCodes: [...office.userCodes.values()].map((userCode, j) => {
          const userCodePath = `${officePath}.userCodes[${j}]`
          at(userCodePath, userCode.first, 'user_code')
          at(`${userCodePath}.userIds`, userCode.first, 'ident')
          return {
            ...fields(userCodePath, userCode.first, USER_CODE_FIELDS),
            userIds: userCode.rows.map((row, k) => {
              at(`${userCodePath}.userIds[${k}]`, row, 'ident')
              return fields(`${userCodePath}.userIds[${k}]`, row, USER_ID_FIELDS)
            }),
          }
        }),
      }
    }),
  }
  return {document, locations}
}
