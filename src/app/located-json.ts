/**
 * JSON text with positions: a strict RFC 8259 parser that records where every value starts, so a
 * problem in a file an operator or an office wrote is named by line and column (SPEC §2, §14).
 */

import {text as say, type LocalText} from '../domain/messages/text'

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

/**
 * A syntax error at an offset. `text` says it in the reader's language (the edge renders it: the
 * desk server's error body, the CLI); `reason` and `message` are English, for logs and for callers
 * that have not moved to the catalogue yet.
 */
export class JsonSyntaxError extends Error {
  constructor(readonly text: LocalText, readonly offset: number) {
    super()
    this.name = 'JsonSyntaxError'
    // Rendered when read: the catalogue loads only for an error that is printed.
    Object.defineProperty(this, 'message', {get: () => this.reason, configurable: true, enumerable: false})
  }

  /** The reason in English (the language of logs). */
  get reason(): string {
    return (require('../domain/messages') as typeof import('../domain/messages')).renderText('en', this.text)
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

  const fail = (reason: LocalText, at = pos): never => {
    throw new JsonSyntaxError(reason, at)
  }
  /** The character met, as JSON writes it ("x"); null at the end of the text. */
  const found = (at: number): string | null => at >= text.length ? null : JSON.stringify(text[at])
  const skipWhitespace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++
  }
  const expect = (char: string, expected: 'app.jsonExpectedColon' | 'app.jsonExpectedCommaOrBrace' | 'app.jsonExpectedCommaOrBracket'): void => {
    skipWhitespace()
    if (text[pos] !== char) fail(say(expected, {found: found(pos)}))
    pos++
  }
  const child = (path: string, key: string | number): string =>
    typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`

  const parseString = (): string => {
    const start = pos
    pos++ // the opening quote
    let result = ''
    for (;;) {
      if (pos >= text.length) fail(say('app.jsonUnterminatedString'), start)
      const char = text[pos]
      if (char === '"') {
        pos++
        return result
      }
      if (char < ' ') fail(say('app.jsonControlCharacter'))
      if (char !== '\\') {
        result += char
        pos++
        continue
      }
      const escape = text[pos + 1]
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(say('app.jsonInvalidUnicodeEscape'))
        result += String.fromCharCode(Number.parseInt(hex, 16))
        pos += 6
      } else if (escape !== undefined && escape in JSON_ESCAPES) {
        result += JSON_ESCAPES[escape]
        pos += 2
      } else {
        fail(say('app.jsonInvalidEscape', {escape: escape ?? ''}))
      }
    }
  }

  const parseValue = (path: string, depth: number): unknown => {
    skipWhitespace()
    if (depth > MAX_JSON_DEPTH) fail(say('app.jsonNestedTooDeeply'))
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
        if (text[pos] !== '"') fail(say('app.jsonExpectedPropertyName', {found: found(pos)}))
        const key = parseString()
        expect(':', 'app.jsonExpectedColon')
        const value = parseValue(child(path, key), depth + 1)
        // defineProperty, like JSON.parse, so a "__proto__" key is data and not the prototype.
        Object.defineProperty(object, key, {value, enumerable: true, writable: true, configurable: true})
        skipWhitespace()
        if (text[pos] === ',') {
          pos++
          continue
        }
        expect('}', 'app.jsonExpectedCommaOrBrace')
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
        expect(']', 'app.jsonExpectedCommaOrBracket')
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
    return fail(say('app.jsonExpectedValue', {found: found(pos)}))
  }

  const value = parseValue('', 0)
  skipWhitespace()
  if (pos < text.length) fail(say('app.jsonAfterEnd', {found: JSON.stringify(text[pos])}))
  return {value, offsets}
}
