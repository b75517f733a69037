/**
 * Display width of terminal text (SPEC §9: tables that line up with Japanese). A terminal cell is not a
 * UTF-16 unit: 受 takes two columns, a combining mark none, an ANSI colour code none. string-width
 * knows the East Asian Width table; this file adds padding and wrapping on top of it.
 */
import stringWidth from 'string-width'

// SGR sequences (colours) are the only escapes the renderers emit; they are zero-width and unsplittable.
const ANSI_SGR = /\u001B\[[0-9;]*m/g
const RESET = '\u001B[0m'
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'})

/** Columns a string takes on a terminal; ANSI colour codes count as zero. */
export function displayWidth(text: string): number {
  return stringWidth(text)
}

/** Pads with spaces on the right to `width` columns (never truncates). */
export function padToWidth(text: string, width: number): string {
  const missing = width - displayWidth(text)
  return missing > 0 ? text + ' '.repeat(missing) : text
}

/** The widest line of a possibly multi-line string. */
export function widestLine(text: string): number {
  return Math.max(0, ...splitLines(text).map(displayWidth))
}

/**
 * The widest piece the wrapper would rather not break: a run of narrow characters between spaces
 * (`TOKYO`, `10-100-1`). Wide characters may break anywhere, so each stands alone.
 */
export function longestWordWidth(text: string): number {
  let longest = 0
  let run = 0
  for (const {segment} of segmenter.segment(text.replace(ANSI_SGR, ''))) {
    const width = stringWidth(segment)
    if (/\s/.test(segment) || width !== 1) {
      longest = Math.max(longest, width)
      run = 0
    } else {
      run += 1
      longest = Math.max(longest, run)
    }
  }
  return longest
}

/** Splits on LF or CRLF. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/)
}

interface Token {
  text: string
  width: number
  isAnsi: boolean
}

/** Graphemes (a base character with its combining marks, a flag, a ZWJ emoji) and ANSI codes. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let last = 0
  const pushGraphemes = (chunk: string) => {
    for (const {segment} of segmenter.segment(chunk)) {
      tokens.push({text: segment, width: stringWidth(segment), isAnsi: false})
    }
  }
  for (const match of text.matchAll(ANSI_SGR)) {
    pushGraphemes(text.slice(last, match.index))
    tokens.push({text: match[0], width: 0, isAnsi: true})
    last = match.index + match[0].length
  }
  pushGraphemes(text.slice(last))
  return tokens
}

const isSpace = (token: Token) => !token.isAnsi && /^\s$/.test(token.text)
const widthOf = (tokens: Token[]) => tokens.reduce((sum, token) => sum + token.width, 0)

/** Drops spaces at the end of a line, keeping any colour codes that follow them. */
function trimTrailingSpaces(tokens: Token[]): Token[] {
  const kept = [...tokens]
  for (let i = kept.length - 1; i >= 0; i--) {
    if (kept[i].isAnsi) continue
    if (!isSpace(kept[i])) break
    kept.splice(i, 1)
  }
  return kept
}

// Japanese line-breaking rules (kinsoku, JIS X 4051 strict set): closing punctuation never starts a
// line, opening brackets never end one. The loose rules (ー, small kana) are left out: narrow cells
// would otherwise break a word earlier than needed.
const NO_LINE_START = new Set([...'、。，．,.)）」』】〕！？!?：；:;'])
const NO_LINE_END = new Set([...'(（「『【〔'])

/**
 * Whether a line may break before `tokens[index]`: at a space, or next to a wide (CJK) character,
 * which needs no space to break — unless kinsoku forbids it.
 */
function canBreakBefore(tokens: Token[], index: number): boolean {
  const before = tokens.slice(0, index).findLastIndex((token) => !token.isAnsi)
  const after = tokens.findIndex((token, position) => position >= index && !token.isAnsi)
  if (before < 0 || after < 0) return false
  const [previous, next] = [tokens[before], tokens[after]]
  if (isSpace(previous) || isSpace(next)) return true
  if (NO_LINE_START.has(next.text) || NO_LINE_END.has(previous.text)) return false
  return previous.width > 1 || next.width > 1
}

/** Greedy wrap of one paragraph at the last break opportunity; a word longer than the line is cut between graphemes. */
function wrapParagraph(tokens: Token[], width: number): Token[][] {
  const lines: Token[][] = []
  let line: Token[] = []
  for (const token of tokens) {
    // A continuation line does not start with the space the break was taken at.
    if (isSpace(token) && widthOf(line) === 0 && lines.length > 0) continue
    if (widthOf(line) + token.width <= width || token.width === 0) {
      line.push(token)
      continue
    }
    const candidate = [...line, token]
    let breakAt = -1
    for (let index = candidate.length - 1; index > 0 && breakAt < 0; index--) {
      if (canBreakBefore(candidate, index) && widthOf(candidate.slice(0, index)) > 0) breakAt = index
    }
    // The rest must fit on the next line; otherwise cut right here.
    if (breakAt < 0 || widthOf(candidate.slice(breakAt)) > width) breakAt = candidate.length - 1
    if (widthOf(candidate.slice(0, breakAt)) === 0) breakAt = candidate.length
    lines.push(trimTrailingSpaces(candidate.slice(0, breakAt)))
    line = dropLeadingSpaces(candidate.slice(breakAt))
  }
  lines.push(trimTrailingSpaces(line))
  return lines
}

function dropLeadingSpaces(tokens: Token[]): Token[] {
  const first = tokens.findIndex((token) => !isSpace(token))
  return first < 0 ? tokens.filter((token) => token.isAnsi) : [...tokens.slice(0, first).filter((token) => token.isAnsi), ...tokens.slice(first)]
}

/**
 * Colour must not leak into the padding or the next column: a line that ends inside a colour is
 * reset, and the next line reopens the same colours.
 */
function closeColours(lines: Token[][]): string[] {
  let open: string[] = []
  return lines.map((line) => {
    const prefix = open.join('')
    for (const token of line) {
      if (!token.isAnsi) continue
      const codes = token.text.slice(2, -1)
      if (codes === '' || codes === '0') open = []
      else if (/^(2[2-9]|39|49|59)$/.test(codes)) open.pop()
      else open.push(token.text)
    }
    const body = line.map((token) => token.text).join('')
    return prefix + body + (open.length > 0 ? RESET : '')
  })
}

/**
 * Wraps text to at most `width` columns per line, by display width. Existing line breaks are kept;
 * words break at spaces where possible, CJK text between any two characters; a character is never
 * split. ANSI colour codes are kept and closed at each line end.
 */
export function wrapToWidth(text: string, width: number): string[] {
  const paragraphs = splitLines(text)
  if (!Number.isFinite(width)) return paragraphs
  const limit = Math.max(1, Math.floor(width))
  const lines = paragraphs.flatMap((paragraph) => wrapParagraph(tokenize(paragraph), limit))
  return closeColours(lines)
}
