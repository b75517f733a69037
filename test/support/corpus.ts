/**
 * The shared test-mail corpus (/work/shared/corpus, see its README): test data only, never copied
 * into the repository. Tests find it through `NSS_CORPUS`; when that is set, the folder must exist.
 * When it is unset, /work/shared/corpus is used if it exists. Either way a missing corpus fails the
 * suite: corpus tests are never skipped silently.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

/** The corpus used when NSS_CORPUS is not set. */
export const DEFAULT_CORPUS = '/work/shared/corpus'

/** One row of MANIFEST.tsv. */
export interface ManifestRow {
  category: string
  /** Path relative to the corpus root, e.g. `reply-quoted/talon__gmail.eml`. */
  file: string
  sourceRepo: string
  sourcePath: string
  license: string
  note: string
}

/**
 * The corpus folder, or an Error saying why there is none: NSS_CORPUS names a missing folder, or it is
 * unset and the default does not exist. Call it inside a test (or a `before`) so the failure is a
 * test failure, not a crash while mocha loads files.
 */
export function corpusRoot(): string {
  const configured = process.env.NSS_CORPUS
  if (configured !== undefined && configured !== '') {
    const resolved = path.resolve(configured)
    if (!fs.existsSync(path.join(resolved, 'MANIFEST.tsv'))) {
      throw new Error(`NSS_CORPUS=${configured} does not hold the test-mail corpus (no MANIFEST.tsv in ${resolved})`)
    }
    return resolved
  }
  if (fs.existsSync(path.join(DEFAULT_CORPUS, 'MANIFEST.tsv'))) return DEFAULT_CORPUS
  throw new Error(`no test-mail corpus: set NSS_CORPUS (CI uses ../shared/corpus) or provide ${DEFAULT_CORPUS}`)
}

let cachedRows: {root: string; rows: ManifestRow[]} | null = null

/** Every row of MANIFEST.tsv (the header line skipped). */
export function readManifest(): ManifestRow[] {
  const root = corpusRoot()
  if (cachedRows && cachedRows.root === root) return cachedRows.rows
  const lines = fs.readFileSync(path.join(root, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/)
  const rows: ManifestRow[] = []
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue
    const [category, file, sourceRepo = '', sourcePath = '', license = '', note = ''] = line.split('\t')
    rows.push({category, file, sourceRepo, sourcePath, license, note})
  }
  cachedRows = {root, rows}
  return rows
}

/** The absolute path of a corpus file. */
export function corpusPath(file: string): string {
  return path.join(corpusRoot(), file)
}

/** A corpus file's bytes. */
export function readCorpusFile(file: string): Buffer {
  return fs.readFileSync(corpusPath(file))
}

/** A corpus file as UTF-8 text. */
export function readCorpusText(file: string): string {
  return readCorpusFile(file).toString('utf8')
}

/** Whether a corpus file exists. */
export function hasCorpusFile(file: string): boolean {
  return fs.existsSync(corpusPath(file))
}

/** The file name without directory and extension(s): `reply-quoted/talon__gmail.eml` → `talon__gmail`. */
export function stemOf(file: string): string {
  return path.basename(file).replace(/\.(eml|box|raw|txt|html)$/, '')
}

/** The source prefix of a corpus file name: `talon__gmail.eml` → `talon`. */
export function sourceOf(file: string): string {
  return path.basename(file).split('__')[0]
}

/** Raw mail files of a category (.eml, .box, .raw), answer files excluded. */
export function mailFilesOf(category: string): string[] {
  return readManifest()
    .filter((row) => row.category === category && /\.(eml|box|raw)$/.test(row.file))
    .map((row) => row.file)
}

/**
 * The top-level scalar fields of a Zammad `.expected.yml` (a Ruby-tagged YAML hash): plain, single-
 * or double-quoted scalars and `|`/`|-` block scalars. Nested structures (attachments) are skipped.
 * Enough for the fields the corpus tests compare; not a YAML parser.
 */
export function readZammadExpected(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/.exec(lines[index])
    if (!match) continue
    const key = match[1]
    const rest = (match[2] ?? '').trim()
    if (rest === '' || rest.startsWith('!') || rest.startsWith('[') || rest.startsWith('{')) continue
    if (/^[|>][+-]?$/.test(rest)) {
      const block: string[] = []
      let indent = -1
      for (index++; index < lines.length; index++) {
        const line = lines[index]
        if (line.trim() === '') {
          block.push('')
          continue
        }
        const lead = /^ */.exec(line)![0].length
        if (indent < 0) indent = lead
        if (lead < indent || indent === 0) break
        block.push(line.slice(indent))
      }
      index--
      let value = block.join('\n')
      value = rest.endsWith('-') ? value.replace(/\n+$/, '') : value.replace(/\n+$/, '\n')
      fields[key] = rest.startsWith('>') ? value.replace(/([^\n])\n(?=[^\n])/g, '$1 ') : value
      continue
    }
    if (rest.startsWith("'") || rest.startsWith('"')) {
      const quote = rest[0]
      let value = rest.slice(1)
      while (!endsQuoted(value, quote) && index + 1 < lines.length) {
        index++
        const next = lines[index].trim()
        value += next === '' ? '\n' : (value.endsWith('\n') ? '' : ' ') + next
      }
      value = value.replace(/\s*$/, '').slice(0, -1)
      fields[key] = quote === "'" ? value.replace(/''/g, "'") : unescapeDoubleQuoted(value)
      continue
    }
    fields[key] = rest
  }
  return fields
}

function endsQuoted(value: string, quote: string): boolean {
  const trimmed = value.replace(/\s*$/, '')
  if (!trimmed.endsWith(quote)) return false
  if (quote === "'") return (/'+$/.exec(trimmed)![0].length % 2) === 1
  return (/\\*"$/.exec(trimmed)![0].length % 2) === 1
}

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_whole, code: string) => {
    if (code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16))
    return ({n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0', ' ': ' ', '/': '/'} as Record<string, string>)[code] ?? code
  })
}
