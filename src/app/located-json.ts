/**
 * JSON text with positions: a strict RFC 8259 parser that records where every value starts, so a
 * problem in a file an operator or an office wrote is named by line and column (SPEC §2, §14).
 */

const MAX_JSON_DEPTH = 64

/** Line (1-based) of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** 1-based line and column; the column counts code points, as editors show them for Japanese text. */
export function lineAndColumn(text: string, offset: number): {line: number, column: number} {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  return {line: lineAt(text, offset), column: [...text.slice(lineStart, offset)].length + 1}
}

export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly offset: number) {
    super(reason)
  }
}

export interface ParsedJson {
  value: unknown
  /** Offset of every value by its data path (formatDataPath's form). */
  offsets: Map<string, number>
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const JSON_ESCAPES: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'}

/**
 * A strict JSON parser (RFC 8259) that also records where each value starts. JSON.parse gives neither
 * the position of every value nor, for all errors, a position at all; the operator needs both (SPEC §2:
 * every error names its line and column).
 */
export function parseJsonWithLocations(text: string): ParsedJson {
  const offsets = new Map<string, number>()
  let pos = 0

  const fail = (reason: string, at = pos): never => {
    throw new JsonSyntaxError(reason, at)
  }
  const describe = (at: number): string => at >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[at])}`
  const skipWhitespace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++
  }
  const expect = (char: string, context: string): void => {
    skipWhitespace()
    if (text[pos] !== char) fail(`${describe(pos)}; expected ${context}`)
    pos++
  }
  const child = (path: string, key: string | number): string =>
    typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`

  const parseString = (): string => {
    const start = pos
    pos++ // the opening quote
    let result = ''
    for (;;) {
      if (pos >= text.length) fail('unterminated string', start)
      const char = text[pos]
      if (char === '"') {
        pos++
        return result
      }
      if (char < ' ') fail('control character in string; write it as an escape such as \\n')
      if (char !== '\\') {
        result += char
        pos++
        continue
      }
      const escape = text[pos + 1]
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape')
        result += String.fromCharCode(Number.parseInt(hex, 16))
        pos += 6
      } else if (escape !== undefined && escape in JSON_ESCAPES) {
        result += JSON_ESCAPES[escape]
        pos += 2
      } else {
        fail(`invalid escape \\${escape ?? ''}`)
      }
    }
  }

  const parseValue = (path: string, depth: number): unknown => {
    skipWhitespace()
    if (depth > MAX_JSON_DEPTH) fail('nested too deeply')
    offsets.set(path, pos)
    const char = text[pos]
    if (char === '{') {
      pos++
      const object: Record<string, unknown> = {}
      skipWhitespace()
      if (text[pos] === '}') {
        pos++
        return object
      }
      for (;;) {
        skipWhitespace()
        if (text[pos] !== '"') fail(`${describe(pos)}; expected a property name in double quotes`)
        const key = parseString()
        expect(':', '":"')
        const value = parseValue(child(path, key), depth + 1)
        // defineProperty, like JSON.parse, so a "__proto__" key is data and not the prototype.
        Object.defineProperty(object, key, {value, enumerable: true, writable: true, configurable: true})
        skipWhitespace()
        if (text[pos] === ',') {
          pos++
          continue
        }
        expect('}', '"," or "}"')
        return object
      }
    }
    if (char === '[') {
      pos++
      const array: unknown[] = []
      skipWhitespace()
      if (text[pos] === ']') {
        pos++
        return array
      }
      for (;;) {
        array.push(parseValue(child(path, array.length), depth + 1))
        skipWhitespace()
        if (text[pos] === ',') {
          pos++
          continue
        }
        expect(']', '"," or "]"')
        return array
      }
    }
    if (char === '"') return parseString()
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length
        return value
      }
    }
    JSON_NUMBER.lastIndex = pos
    const number = char === '-' || (char >= '0' && char <= '9') ? JSON_NUMBER.exec(text) : null
    if (number) {
      pos += number[0].length
      return Number(number[0])
    }
    return fail(`${describe(pos)}; expected a value`)
  }

  const value = parseValue('', 0)
  skipWhitespace()
  if (pos < text.length) fail(`${describe(pos)} after the end of the JSON value`)
  return {value, offsets}
}
