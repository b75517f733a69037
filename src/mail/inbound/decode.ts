/**
 * Byte-level decoding for inbound mail (SPEC §11 step 5): transfer encodings (RFC 2045 §6), charsets
 * with the Japanese fallbacks that real mail needs, encoded words (RFC 2047), parameter values
 * (RFC 2231), format=flowed (RFC 3676) and HTML to text. Pure functions over Buffers and strings;
 * only iconv-lite is imported.
 *
 * Why our own ISO-2022-JP decoder: iconv-lite has none, and mail from Japanese clients carries NEC
 * special characters (①, ㈱, Ⅱ) and IBM extensions that strict ISO-2022-JP leaves undefined. We decode
 * it the way Windows does (CP50220/CP50221): every JIS X 0208 pair is mapped to its Shift_JIS bytes and
 * decoded as CP932, which defines those rows.
 */
import iconv = require('iconv-lite')

/** The result of turning bytes into text, with the charset actually used and whether bytes were lost. */
export interface DecodedText {
  text: string
  /** The charset that produced `text` (normalised name), which may differ from the declared one. */
  charset: string
  /** True when some bytes could not be decoded and became U+FFFD. */
  isLossy: boolean
  /** Set when the declared label was missing, unknown or wrong and a fallback was used. */
  problem?: string
}

const REPLACEMENT = '\uFFFD'

// --- charset labels ---------------------------------------------------------------------------------

const ISO_2022_JP_LABEL = /^(?:iso-?2022-?jp(?:-?[123]|-?ms|-?ext)?|csiso2022jp|jis|x-?jis|cp5022[012]|iso-2022-jp-2004)$/
const CP932_LABEL = /^(?:shift[-_]?jis(?:-?2004)?|s-?jis|x-?sjis|sjis-?(?:win|open)|ms[-_]?kanji|csshiftjis|windows-31j|cswindows31j|(?:x-?ms-?)?cp932|ms932|ibm-?943)$/
const EUC_JP_LABEL = /^(?:euc-?jp(?:-?ms|-?win|-?open|-?2004)?|x-?euc-?jp|cseucpkdfmtjapanese|euc-jis-2004|eucjp-?ms)$/
const UTF8_LABEL = /^(?:utf-?8|x-?utf-?8|utf8mb4)$/
const ASCII_LABEL = /^(?:us-?ascii|ascii|ansi_x3\.4-1968|iso646-us|7bit|8bit|default|none|us)$/
const UTF7_LABEL = /^(?:utf-?7|unicode-1-1-utf-7|x-unicode-?2-0-utf-7|csunicode11utf7)$/
const ALIASES = new Map<string, string>([
  ['ks_c_5601-1987', 'cp949'],
  ['ks_c_5601', 'cp949'],
  ['iso-gb2312', 'gb2312'],
  ['x-gbk', 'gbk'],
  ['iso-8859-8-i', 'iso-8859-8'],
  ['win-1252', 'windows-1252'],
  ['x-mac-roman', 'macintosh'],
])

/**
 * A charset label as it appears in mail, made comparable: lower case, quotes and stray `3d` (an
 * unencoded `=3D` from a broken quoted-printable header) removed, Japanese families folded to
 * `iso-2022-jp`, `cp932` and `euc-jp`. Returns '' for a missing label.
 */
export function normalizeCharsetLabel(label: string | null | undefined): string {
  let name = (label ?? '').slice(0, 100).trim().toLowerCase().replace(/^["']+|["';,\s]+$/g, '')
  const isKnownAsIs = iconv.encodingExists(name) as boolean
  if (/^3d./.test(name) && !isKnownAsIs) name = name.slice(2).replace(/^["']/, '')
  name = name.replace(/^x-user-defined$/, '')
  if (name === '') return ''
  if (ISO_2022_JP_LABEL.test(name)) return 'iso-2022-jp'
  if (CP932_LABEL.test(name)) return 'cp932'
  if (EUC_JP_LABEL.test(name)) return 'euc-jp'
  if (UTF8_LABEL.test(name)) return 'utf-8'
  if (ASCII_LABEL.test(name)) return 'us-ascii'
  if (UTF7_LABEL.test(name)) return 'utf-7'
  return ALIASES.get(name) ?? name
}

function isKnownCharset(name: string): boolean {
  return name === 'iso-2022-jp' || name === 'us-ascii' || iconv.encodingExists(name)
}

// --- byte tests -------------------------------------------------------------------------------------

function hasHighBytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true
  return false
}

/** An ISO-2022 designation (ESC $ B, ESC ( B, ESC ( I, ESC $ ( D …) anywhere in the bytes. */
function hasJisEscape(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(0x1b); i >= 0 && i < bytes.length - 2; i = bytes.indexOf(0x1b, i + 1)) {
    const next = bytes[i + 1]
    if (next === 0x24 || next === 0x28 || next === 0x26) return true
  }
  return false
}

/** Whether the bytes are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
export function isValidUtf8(bytes: Buffer): boolean {
  let i = 0
  const n = bytes.length
  while (i < n) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else {
      return false
    }
    if (i + need >= n) return false
    let code = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return false
      code = (code << 6) | (c & 0x3f)
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false
    i += need + 1
  }
  return true
}

function countReplacements(text: string): number {
  let count = 0
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) count++
  return count
}

/**
 * How Japanese a decoded text looks, for choosing between candidate decodings: kana, kanji and
 * full-width forms count; half-width katakana counts less (Latin-1 or KOI8 text read as CP932 turns
 * into runs of it); lost bytes and C1 controls count against.
 */
function japaneseScore(text: string): number {
  let score = 0
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    if (c === 0xfffd) score -= 10
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f)) score += 2
    else if (c >= 0xff01 && c <= 0xff60) score += 1
    else if (c >= 0xff61 && c <= 0xff9f) score += 0.25
    else if (c >= 0x80 && c <= 0x9f) score -= 5
    else if (c >= 0xe000 && c <= 0xf8ff) score -= 0.5
  }
  return score
}

// --- Japanese decoders ------------------------------------------------------------------------------

/** The Shift_JIS (CP932) bytes of one JIS X 0208 row/cell pair (both 0x21–0x7E). */
function jisToSjis(j1: number, j2: number): [number, number] {
  let s1 = ((j1 - 0x21) >> 1) + 0x81
  if (s1 > 0x9f) s1 += 0x40
  let s2: number
  if (j1 & 1) s2 = j2 + (j2 >= 0x60 ? 0x20 : 0x1f)
  else s2 = j2 + 0x7e
  return [s1, s2]
}

const cp932Pairs = new Map<number, string>()

/**
 * CP932 (Windows Shift_JIS): iconv-lite's table, plus the user-defined area F040–F9FC mapped to
 * U+E000–U+E757 as Windows does (Japanese carrier emoji live there), and an unmapped double-byte
 * pair read as one U+FFFD instead of a U+FFFD followed by its second byte as a character.
 */
function decodeCp932(bytes: Buffer): string {
  const fast = iconv.decode(bytes, 'cp932')
  if (!fast.includes(REPLACEMENT)) return fast
  let out = ''
  let runStart = 0
  const flushRun = (end: number): void => {
    if (end > runStart) out += iconv.decode(bytes.subarray(runStart, end), 'cp932')
  }
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]
    const trail = bytes[i + 1]
    const isLead = (lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xfc)
    const isTrail = trail !== undefined && trail >= 0x40 && trail <= 0xfc && trail !== 0x7f
    if (isLead && isTrail) {
      const key = (lead << 8) | trail
      let char = cp932Pairs.get(key)
      if (char === undefined) {
        if (lead >= 0xf0 && lead <= 0xf9) {
          char = String.fromCharCode(0xe000 + (lead - 0xf0) * 188 + (trail < 0x80 ? trail - 0x40 : trail - 0x41))
        } else {
          const decoded = iconv.decode(Buffer.from([lead, trail]), 'cp932')
          char = decoded.length === 1 || (decoded.length === 2 && /[\ud800-\udbff]/.test(decoded[0])) ? decoded : REPLACEMENT
        }
        cp932Pairs.set(key, char)
      }
      flushRun(i)
      out += char
      i++
      runStart = i + 1
    } else if (isLead || lead === 0x80 || lead === 0xa0 || lead >= 0xfd) {
      flushRun(i)
      out += REPLACEMENT
      runStart = i + 1
    }
  }
  flushRun(bytes.length)
  return out
}

type JisMode = 'ascii' | 'kana' | 'jis0208' | 'jis0212'

/**
 * ISO-2022-JP (RFC 1468) decoded as CP50221 does: JIS X 0208 through CP932 (so NEC row 13 and the
 * IBM extensions come out right), JIS X 0201 katakana by `ESC ( I` or SO/SI, JIS X 0212 through
 * EUC-JP. A byte ≥ 0x80 or a broken escape becomes U+FFFD.
 */
export function decodeIso2022Jp(bytes: Buffer): string {
  let out = ''
  let mode: JisMode = 'ascii'
  let shifted = false
  let pending: number[] = []
  const flush = (): void => {
    if (pending.length === 0) return
    out += mode === 'jis0212' ? iconv.decode(Buffer.from(pending), 'eucjp') : decodeCp932(Buffer.from(pending))
    pending = []
  }
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === 0x1b) {
      flush()
      const rest = bytes.subarray(i + 1, i + 4).toString('latin1')
      if (rest.startsWith('$B') || rest.startsWith('$@')) {
        mode = 'jis0208'
        i += 2
      } else if (rest.startsWith('$(D')) {
        mode = 'jis0212'
        i += 3
      } else if (rest.startsWith('$(Q') || rest.startsWith('$(O') || rest.startsWith('$(B')) {
        mode = 'jis0208'
        i += 3
      } else if (rest.startsWith('(B') || rest.startsWith('(J') || rest.startsWith('(H')) {
        mode = 'ascii'
        i += 2
      } else if (rest.startsWith('(I')) {
        mode = 'kana'
        i += 2
      } else if (rest.startsWith('&@')) {
        i += 2
      } else {
        out += REPLACEMENT
      }
      continue
    }
    if (b === 0x0e) {
      shifted = true
      continue
    }
    if (b === 0x0f) {
      shifted = false
      continue
    }
    if (b === 0x0a || b === 0x0d) {
      // A line break inside a double-byte run: encoders that forget to switch back still mean it.
      flush()
      out += String.fromCharCode(b)
      if (mode === 'jis0208' || mode === 'jis0212') mode = 'ascii'
      continue
    }
    if (b >= 0x80) {
      flush()
      out += b >= 0xa1 && b <= 0xdf ? String.fromCharCode(0xff61 + b - 0xa1) : REPLACEMENT
      continue
    }
    if ((mode === 'kana' || shifted) && b >= 0x21 && b <= 0x5f) {
      out += String.fromCharCode(0xff61 + b - 0x21)
      continue
    }
    if (mode === 'jis0208' || mode === 'jis0212') {
      const b2 = bytes[i + 1]
      if (b >= 0x21 && b <= 0x7e && b2 !== undefined && b2 >= 0x21 && b2 <= 0x7e) {
        if (mode === 'jis0208') pending.push(...jisToSjis(b, b2))
        else pending.push(0x8f, b | 0x80, b2 | 0x80)
        i++
        continue
      }
      flush()
      out += b === 0x20 || b === 0x09 ? String.fromCharCode(b) : REPLACEMENT
      continue
    }
    out += String.fromCharCode(b)
  }
  flush()
  return out
}

/** EUC-JP through CP932 where it can (NEC row 13, IBM extensions), JIS X 0212 through iconv-lite. */
function decodeEucJp(bytes: Buffer): string {
  const sjis: number[] = []
  let out = ''
  const flush = (): void => {
    if (sjis.length > 0) out += decodeCp932(Buffer.from(sjis))
    sjis.length = 0
  }
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    const b2 = bytes[i + 1]
    if (b < 0x80) {
      sjis.push(b)
    } else if (b === 0x8e && b2 !== undefined && b2 >= 0xa1 && b2 <= 0xdf) {
      sjis.push(b2)
      i++
    } else if (b === 0x8f && b2 !== undefined && bytes[i + 2] !== undefined) {
      flush()
      out += iconv.decode(bytes.subarray(i, i + 3), 'eucjp')
      i += 2
    } else if (b >= 0xa1 && b <= 0xfe && b2 !== undefined && b2 >= 0xa1 && b2 <= 0xfe) {
      sjis.push(...jisToSjis(b & 0x7f, b2 & 0x7f))
      i++
    } else {
      flush()
      out += REPLACEMENT
    }
  }
  flush()
  return out
}

function decodeWith(bytes: Buffer, charset: string): string {
  switch (charset) {
    case 'iso-2022-jp':
      return decodeIso2022Jp(bytes)
    case 'euc-jp':
      return decodeEucJp(bytes)
    case 'cp932':
      return decodeCp932(bytes)
    case 'utf-8':
      return bytes.toString('utf8')
    case 'us-ascii':
      return bytes.toString('latin1')
    default:
      return iconv.decode(bytes, charset)
  }
}

function result(text: string, charset: string, problem?: string): DecodedText {
  const decoded: DecodedText = {text, charset, isLossy: text.includes(REPLACEMENT)}
  if (problem) decoded.problem = problem
  return decoded
}

/**
 * The better of the CP932 and EUC-JP readings, or null when neither looks like Japanese text: it
 * must lose (almost) no bytes and hold more kana and kanji than half-width katakana, which is what
 * Big5, KOI8 or Latin-1 text read as CP932 turns into.
 */
function detectJapanese(bytes: Buffer): DecodedText | null {
  const candidates = ['cp932', 'euc-jp'].map((charset) => {
    const text = decodeWith(bytes, charset)
    let wide = 0
    let halfWidth = 0
    for (const ch of text) {
      const c = ch.charCodeAt(0)
      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)) wide++
      else if (c >= 0xff61 && c <= 0xff9f) halfWidth++
    }
    return {charset, text, wide, halfWidth, lost: countReplacements(text), score: japaneseScore(text)}
  })
  candidates.sort((a, b) => a.lost - b.lost || b.score - a.score)
  const best = candidates[0]
  if (best.score <= 0 || best.wide === 0 || best.halfWidth > best.wide || best.lost > Math.max(1, best.text.length / 200)) return null
  return result(best.text, best.charset)
}

/** UTF-8 with a few broken sequences is still UTF-8: at most one lost byte in ten non-ASCII characters. */
function isMostlyUtf8(text: string): boolean {
  const lost = countReplacements(text)
  let nonAscii = 0
  for (const ch of text) if (ch.charCodeAt(0) >= 0x80 && ch !== REPLACEMENT) nonAscii++
  return lost * 10 <= nonAscii
}

/**
 * Bytes to text, forgiving wrong labels (RFC 2045 §4 lets the label be absent; real mail also gets it
 * wrong): try the declared charset; if it loses bytes, UTF-8 when the bytes are valid UTF-8; then
 * CP932/EUC-JP detection; then the declared reading anyway. A missing, ASCII or unknown label tries
 * UTF-8 first. 7-bit bytes with JIS escapes are ISO-2022-JP whatever the label says.
 */
export function decodeText(bytes: Buffer, declared?: string | null): DecodedText {
  const label = normalizeCharsetLabel(declared)
  if (bytes.length === 0) return result('', label || 'us-ascii')
  const known = label !== '' && isKnownCharset(label)
  const unknownProblem = label !== '' && !known ? `unknown charset "${declared}"` : undefined
  const high = hasHighBytes(bytes)

  if (!high) {
    const is7BitSafe = !known || label === 'us-ascii' || label === 'utf-8' || label === 'iso-2022-jp' ||
      label === 'cp932' || label === 'euc-jp' || /^(?:iso-8859|windows-125|koi8|cp125|latin)/.test(label)
    if (hasJisEscape(bytes) && is7BitSafe) {
      const problem = label === 'iso-2022-jp' ? undefined : `ISO-2022-JP content labelled "${declared ?? ''}"`
      return result(decodeIso2022Jp(bytes), 'iso-2022-jp', problem)
    }
    if (is7BitSafe) return result(bytes.toString('latin1'), label || 'us-ascii', unknownProblem)
    return result(decodeWith(bytes, label), label)
  }

  const isUtf8 = isValidUtf8(bytes)
  if (!known || label === 'us-ascii' || label === 'utf-8') {
    if (isUtf8) {
      const problem = unknownProblem ?? (label === 'us-ascii' ? '8-bit UTF-8 content labelled us-ascii' : undefined)
      return result(bytes.toString('utf8'), 'utf-8', problem)
    }
    const japanese = detectJapanese(bytes)
    const labelled = label || 'none'
    if (japanese) return {...japanese, problem: unknownProblem ?? `${japanese.charset} content labelled ${labelled}`}
    const utf8 = bytes.toString('utf8')
    if (label === 'utf-8' || isMostlyUtf8(utf8)) return result(utf8, 'utf-8', unknownProblem ?? `invalid UTF-8 sequences (label ${labelled})`)
    return result(iconv.decode(bytes, 'windows-1252'), 'windows-1252', unknownProblem ?? `undecodable 8-bit content labelled ${labelled}`)
  }

  const declaredText = decodeWith(bytes, label)
  if (!declaredText.includes(REPLACEMENT)) return result(declaredText, label)
  if (isUtf8) return result(bytes.toString('utf8'), 'utf-8', `UTF-8 content labelled ${label}`)
  const japanese = detectJapanese(bytes)
  if (japanese && countReplacements(japanese.text) < countReplacements(declaredText)) {
    return {...japanese, problem: `${japanese.charset} content labelled ${label}`}
  }
  return result(declaredText, label, `bytes not valid in ${label}`)
}

// --- transfer encodings (RFC 2045 §6) ---------------------------------------------------------------

/**
 * Quoted-printable (RFC 2045 §6.7), leniently: soft breaks `=` + CRLF or LF, hex in either case, a
 * stray `=` kept as it is, and whitespace before a line break dropped (rule 3: it was added in transit).
 */
export function decodeQuotedPrintable(input: Buffer): Buffer {
  const out = Buffer.alloc(input.length)
  let o = 0
  const hex = (c: number): number => {
    if (c >= 0x30 && c <= 0x39) return c - 0x30
    if (c >= 0x41 && c <= 0x46) return c - 0x37
    if (c >= 0x61 && c <= 0x66) return c - 0x57
    return -1
  }
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (c === 0x3d) {
      let j = i + 1
      while (j < input.length && (input[j] === 0x20 || input[j] === 0x09)) j++
      if (input[j] === 0x0a) {
        i = j
        continue
      }
      if (input[j] === 0x0d && input[j + 1] === 0x0a) {
        i = j + 1
        continue
      }
      if (j >= input.length) {
        i = j
        continue
      }
      const h = hex(input[i + 1] ?? -1)
      const l = hex(input[i + 2] ?? -1)
      if (h >= 0 && l >= 0) {
        out[o++] = (h << 4) | l
        i += 2
        continue
      }
      out[o++] = c
      continue
    }
    if (c === 0x20 || c === 0x09) {
      let j = i
      while (j < input.length && (input[j] === 0x20 || input[j] === 0x09)) j++
      if (j >= input.length || input[j] === 0x0a || (input[j] === 0x0d && input[j + 1] === 0x0a)) {
        i = j - 1
        continue
      }
    }
    out[o++] = c
  }
  return out.subarray(0, o)
}

/**
 * Base64 (RFC 2045 §6.8), leniently: characters outside the alphabet are ignored, and padding in the
 * middle (two encoded blocks glued together) does not end the data, as it would for Buffer.from.
 */
export function decodeBase64(input: Buffer | string): Buffer {
  const text = (typeof input === 'string' ? input : input.toString('latin1')).replace(/[^A-Za-z0-9+/=_-]/g, '')
  const segments = text.split(/=+/).filter((segment) => segment.length > 0)
  return Buffer.concat(segments.map((segment) => Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64')))
}

/** Undoes a Content-Transfer-Encoding; an unknown one returns the bytes unchanged, with a problem. */
export function decodeTransferEncoding(body: Buffer, encoding: string): {bytes: Buffer; problem?: string} {
  const name = encoding.slice(0, 100).trim().toLowerCase().replace(/[;"'\s]+$/g, '').replace(/^["']/, '')
  if (name === '' || name === '7bit' || name === '8bit' || name === 'binary') return {bytes: body}
  if (name === 'base64') return {bytes: decodeBase64(body)}
  if (/^quoted[-_ ]?printable$/.test(name)) return {bytes: decodeQuotedPrintable(body)}
  if (/uuencode|^x-uue$/.test(name)) return {bytes: decodeUuencode(body)}
  return {bytes: body, problem: `unknown Content-Transfer-Encoding "${encoding}"`}
}

/** The data of a `begin … end` uuencoded block; the input unchanged when there is none. */
function decodeUuencode(body: Buffer): Buffer {
  const lines = body.toString('latin1').split(/\r?\n/)
  const start = lines.findIndex((line) => /^begin\s+\d{3,4}\s/.test(line))
  if (start < 0) return body
  const out: number[] = []
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === 'end') break
    const length = (line.charCodeAt(0) - 32) & 0x3f
    if (length === 0) continue
    const chars = [...line.slice(1)].map((ch) => (ch.charCodeAt(0) - 32) & 0x3f)
    const bytes: number[] = []
    for (let i = 0; i + 3 < chars.length + 3 && bytes.length < length; i += 4) {
      const [a = 0, b = 0, c = 0, d = 0] = chars.slice(i, i + 4)
      bytes.push((a << 2) | (b >> 4), ((b & 0xf) << 4) | (c >> 2), ((c & 0x3) << 6) | d)
    }
    out.push(...bytes.slice(0, length))
  }
  return Buffer.from(out)
}

// --- header words (RFC 2047) and parameters (RFC 2231) ----------------------------------------------

const ENCODED_WORD = /=\?([^?\s]+?)(?:\*[^?]*)?\?([bBqQ])\?([^?]*?)\?=/g

function decodeWordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return decodeBase64(text)
  const bytes = Buffer.from(text.replace(/_/g, ' '), 'latin1')
  return decodeQuotedPrintable(bytes)
}

/**
 * A header value to text: raw 8-bit bytes (not allowed by RFC 5322, common in Japanese mail) are
 * decoded with the fallbacks of {@link decodeText}; then RFC 2047 encoded words are decoded, adjacent
 * words of one charset joined before decoding so a character split between them survives, and the
 * whitespace between encoded words dropped (RFC 2047 §6.2). `raw` holds one byte per character (latin1).
 */
export function decodeHeaderValue(raw: string): string {
  let text = raw
  if (/[\x80-\xff]/.test(raw) || raw.includes('\x1b')) {
    text = decodeText(Buffer.from(raw, 'latin1'), null).text
  }
  if (!text.includes('=?')) return text
  const pieces: Array<{charset: string; bytes: Buffer} | string> = []
  let last = 0
  for (const match of text.matchAll(ENCODED_WORD)) {
    const index = match.index ?? 0
    const between = text.slice(last, index)
    const previous = pieces[pieces.length - 1]
    if (!(typeof previous === 'object' && /^\s*$/.test(between))) {
      if (between) pieces.push(between)
    }
    const charset = match[1]
    const bytes = decodeWordBytes(match[2], match[3])
    const tail = pieces[pieces.length - 1]
    if (typeof tail === 'object' && tail.charset.toLowerCase() === charset.toLowerCase() && /^\s*$/.test(between)) {
      tail.bytes = Buffer.concat([tail.bytes, bytes])
    } else {
      pieces.push({charset, bytes})
    }
    last = index + match[0].length
  }
  if (last < text.length) pieces.push(text.slice(last))
  return pieces.map((piece) => (typeof piece === 'string' ? piece : decodeText(piece.bytes, piece.charset).text)).join('')
}

/** Header parameters, leniently: unquoted tspecials, a missing closing quote, duplicates (first wins). */
export interface HeaderParams {
  value: string
  params: Record<string, string>
}

/**
 * `type/subtype; name=value; …` (RFC 2045 §5.1) or a Content-Disposition, with RFC 2231 continuations
 * (`name*0*=`, `name*1=`) and charsets (`utf-8''%E3%81%82`) joined and decoded, and RFC 2047 words in
 * quoted values (not allowed, but sent by many clients) decoded. `raw` is latin1 (one byte per char).
 */
export function parseHeaderParams(raw: string): HeaderParams {
  const semicolon = raw.indexOf(';')
  const value = (semicolon < 0 ? raw : raw.slice(0, semicolon)).trim().toLowerCase().replace(/\s+/g, '')
  // No prototype: a parameter named __proto__ is just a parameter.
  const params = Object.create(null) as Record<string, string>
  const continued = Object.create(null) as Record<string, Array<{index: number; text: string; isEncoded: boolean}>>
  if (semicolon < 0) return {value, params}
  const rest = raw.slice(semicolon + 1)
  const pattern = /\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*(?:"|$)|[^;]*)\s*;?|\s*[^;]*;?/gy
  let match: RegExpExecArray | null
  while ((match = pattern.exec(rest)) !== null && match[0] !== '') {
    if (!match[1]) continue
    const key = match[1].toLowerCase()
    let text = match[2] ?? ''
    if (text.startsWith('"')) text = text.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1')
    text = text.trim()
    const parts = /^(.+?)\*(\d+)?(\*)?$/.exec(key)
    if (parts) {
      const name = parts[1]
      const list = (continued[name] ??= [])
      list.push({index: Number(parts[2] ?? 0), text, isEncoded: parts[3] === '*' || parts[2] === undefined})
    } else if (!(key in params)) {
      params[key] = text
    }
  }
  for (const [name, list] of Object.entries(continued)) {
    list.sort((a, b) => a.index - b.index)
    let charset = ''
    const bytes: Buffer[] = []
    list.forEach((part, position) => {
      let text = part.text
      if (part.isEncoded && position === 0) {
        const quote = /^([^']*)'[^']*'/.exec(text)
        if (quote) {
          charset = quote[1]
          text = text.slice(quote[0].length)
        }
      }
      if (part.isEncoded) {
        bytes.push(Buffer.from(text.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'))
      } else {
        bytes.push(Buffer.from(text, 'latin1'))
      }
    })
    params[name] = decodeText(Buffer.concat(bytes), charset || null).text
  }
  for (const key of Object.keys(params)) {
    if (!(key in continued)) params[key] = decodeHeaderValue(params[key])
  }
  return {value, params}
}

// --- format=flowed (RFC 3676) -----------------------------------------------------------------------

/**
 * Joins the soft line breaks of format=flowed text (RFC 3676 §4.2): a line ending in a space
 * continues on the next line of the same quote depth; space-stuffing is undone; with DelSp=yes the
 * trailing space is removed. The signature separator `-- ` is never joined.
 */
export function unflowText(text: string, delSp: boolean): string {
  const lines = text.split('\n')
  const out: string[] = []
  let current: string | null = null
  let currentDepth = 0
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, '')
    const quote = /^>+/.exec(line)
    const depth = quote ? quote[0].length : 0
    let content = line.slice(depth)
    if (content.startsWith(' ')) content = content.slice(1)
    const isSignature = content === '-- '
    const isSoft = !isSignature && content.endsWith(' ')
    if (current !== null && depth === currentDepth) {
      current += content
    } else {
      if (current !== null) out.push(current)
      current = (depth > 0 ? '>'.repeat(depth) + ' ' : '') + content
      currentDepth = depth
    }
    if (isSoft) {
      if (delSp) current = current.slice(0, -1)
    } else {
      out.push(current)
      current = null
    }
  }
  if (current !== null) out.push(current)
  return out.join('\n')
}

// --- HTML to text -----------------------------------------------------------------------------------

// HTML 4 named character references (W3C HTMLlat1, HTMLsymbol, HTMLspecial) with a few HTML5 aliases:
// name:codepoint in base 36.
const ENTITY_TABLE =
  'aacute:69 Aacute:5d acirc:6a Acirc:5e acute:50 aelig:6e AElig:5i agrave:68 Agrave:5c alefsym:6k5 aleph:6k5 ' +
  'alpha:q9 Alpha:pd amp:12 and:6qv ang:6qo angle:6qo angst:5h ap:6rs apos:13 approx:6rs aring:6d Aring:5h ' +
  'asymp:6rs atilde:6b Atilde:5f auml:6c Auml:5g bdquo:6ce beta:qa Beta:pe bot:6ud bottom:6ud brvbar:4m bull:6ci ' +
  'bullet:6ci cap:6qx ccedil:6f Ccedil:5j cedil:54 Cedilla:54 cent:4i chi:qv Chi:pz circ:jq circledR:4u ' +
  'clubs:7kz clubsuit:7kz cong:6rp copy:4p crarr:6np cup:6qy curren:4k dagger:6cg Dagger:6ch darr:6mr dArr:6oj ' +
  'ddagger:6ch deg:4w Del:6pz delta:qc Delta:pg diams:7l2 die:4o div:6v divide:6v Dot:4o eacute:6h Eacute:5l ' +
  'ecirc:6i Ecirc:5m egrave:6g Egrave:5k Element:6q0 empty:6px emptyset:6px emptyv:6px emsp:6bn ensp:6bm epsi:qd ' +
  'epsilon:qd Epsilon:ph equiv:6sh eta:qf Eta:pj eth:6o euml:6j Euml:5n euro:6gc exist:6pv Exists:6pv fnof:b6 ' +
  'forall:6ps ForAll:6ps frac12:59 frac14:58 frac34:5a frasl:6dg gamma:qb Gamma:pf ge:6sl geq:6sl gt:1q half:59 ' +
  'harr:6ms hArr:6ok hearts:7l1 hellip:6cm iacute:6l Iacute:5p icirc:6m Icirc:5q iexcl:4h iff:6ok Ifr:6j5 ' +
  'igrave:6k Igrave:5o Im:6j5 image:6j5 imagpart:6j5 Implies:6oi in:6q0 infin:6qm int:6qz Integral:6qz iota:qh ' +
  'Iota:pl iquest:5b isin:6q0 isinv:6q0 iuml:6n Iuml:5r kappa:qi Kappa:pm lambda:qj Lambda:pn laquo:4r larr:6mo ' +
  'lArr:6og lceil:6x4 ldquo:6cc ldquor:6ce le:6sk leq:6sk lfloor:6x6 lowast:6qf loz:7gq lozenge:7gq lrm:6by ' +
  'lsaquo:6d5 lsquo:6c8 lsquor:6ca lt:1o macr:4v mdash:6c4 micro:51 middot:53 minus:6qa mldr:6cm mu:qk Mu:po ' +
  'nabla:6pz nbsp:4g ndash:6c3 ne:6sg ni:6q3 niv:6q3 not:4s NotEqual:6sg notin:6q1 notinva:6q1 nsub:6tg ' +
  'ntilde:6p Ntilde:5t nu:ql Nu:pp oacute:6r Oacute:5v ocirc:6s Ocirc:5w oelig:9f OElig:9e ograve:6q Ograve:5u ' +
  'ohm:q1 oline:6da omega:qx Omega:q1 omicron:qn Omicron:pr oplus:6tx or:6qw ordf:4q ordm:56 oslash:6w Oslash:60 ' +
  'otilde:6t Otilde:5x otimes:6tz ouml:6u Ouml:5y OverBar:6da para:52 part:6pu PartialD:6pu permil:6cw perp:6ud ' +
  'phi:qu Phi:py pi:qo Pi:ps plusmn:4x pm:4x pound:4j prime:6cy Prime:6cz prod:6q7 Product:6q7 prop:6ql ' +
  'propto:6ql psi:qw Psi:q0 quot:y radic:6qi raquo:57 rarr:6mq rArr:6oi rceil:6x5 rdquo:6cd rdquor:6cd Re:6jg ' +
  'real:6jg realpart:6jg reg:4u rfloor:6x7 Rfr:6jg rho:qp Rho:pt rlm:6bz rsaquo:6d6 rsquo:6c9 rsquor:6c9 ' +
  'sbquo:6ca scaron:9t Scaron:9s sdot:6v9 sect:4n shy:4t sigma:qr Sigma:pv sigmaf:qq sigmav:qq sim:6rg slarr:6mo ' +
  'spades:7kw Sqrt:6qi srarr:6mq strns:4v sub:6te sube:6ti subset:6te subseteq:6ti SuchThat:6q3 sum:6q9 Sum:6q9 ' +
  'sup:6tf sup1:55 sup2:4y sup3:4z supe:6tj Superset:6tf supset:6tf supseteq:6tj szlig:67 tau:qs Tau:pw ' +
  'there4:6r8 theta:qg Theta:pk thicksim:6rg thinsp:6bt thkap:6rs thksim:6rg thorn:72 tilde:kc Tilde:6rg ' +
  'times:5z trade:6jm uacute:6y Uacute:62 uarr:6mp uArr:6oh ucirc:6z Ucirc:63 ugrave:6x Ugrave:61 uml:4o ' +
  'uparrow:6mp Uparrow:6oh UpArrow:6mp upsi:qt upsilon:qt Upsilon:px UpTee:6ud uuml:70 Uuml:64 varsigma:qq ' +
  'vee:6qw vprop:6ql wedge:6qv weierp:6jc wp:6jc xi:qm Xi:pq yacute:71 Yacute:65 yen:4l yuml:73 Yuml:ag zeta:qe ' +
  'Zeta:pi zwj:6bx zwnj:6bw'

let entities: Map<string, string> | null = null

function entityMap(): Map<string, string> {
  if (!entities) {
    entities = new Map()
    for (const pair of ENTITY_TABLE.split(' ')) {
      const [name, code] = pair.split(':')
      entities.set(name, String.fromCodePoint(parseInt(code, 36)))
    }
  }
  return entities
}

/** Decodes HTML character references: named (HTML 4 set), decimal and hexadecimal. Unknown ones stay. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text
  const map = entityMap()
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return REPLACEMENT
      return String.fromCodePoint(code)
    }
    const named = map.get(body) ?? map.get(body.toLowerCase())
    return named ?? whole
  })
}

const SKIPPED_ELEMENTS = new Set(['script', 'style', 'head', 'title', 'xml', 'template', 'noscript', 'object', 'svg'])
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'tr', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'table', 'tbody', 'thead', 'tfoot', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'pre', 'address', 'section', 'article', 'header', 'footer', 'aside', 'nav', 'form', 'fieldset',
  'center', 'caption', 'figure', 'figcaption', 'main', 'body', 'html',
])
// No '<' inside a tag: a scan stops at the next one, so a run of unclosed tags stays linear.
const TAG = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9:_-]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>/g

/**
 * HTML to plain text for reading replies (SPEC §11 step 5: HTML-only mail): scripts, styles and the
 * head are dropped, tags removed, entities decoded, whitespace collapsed as a browser would; `<br>`
 * and the ends of blocks (`<p>`, `<div>`, `<tr>`, `<li>` …) become line breaks, `<hr>` a line of
 * underscores, table cells are separated by a space, and `<blockquote>` content is prefixed with `> `
 * per level so the quote stripper sees it as quoted.
 */
export function htmlToText(html: string): string {
  const lines: string[] = []
  let line = ''
  let quoteDepth = 0
  let preDepth = 0
  let pendingSpace = false
  const prefix = (): string => (quoteDepth > 0 ? '> '.repeat(quoteDepth) : '')
  // A line holding only &nbsp; is a deliberate blank line (Outlook's <p>&nbsp;</p>); plain spaces are not.
  const hasContent = (): boolean => /[^ \t]/.test(line)
  const endLine = (force: boolean): void => {
    if (force || hasContent()) lines.push((prefix() + line).trimEnd())
    line = ''
    pendingSpace = false
  }
  const softBreak = (): void => endLine(false)
  const addText = (raw: string): void => {
    if (raw === '') return
    if (preDepth > 0) {
      const parts = decodeHtmlEntities(raw).split(/\r?\n/)
      parts.forEach((part, index) => {
        if (index > 0) endLine(true)
        line += part
      })
      return
    }
    // Runs of white space are one space, and none at a line start. (No line.endsWith: on a string
    // built by += that flattens it every time, quadratic on a large HTML part.)
    let text = decodeHtmlEntities(raw.replace(/[ \t\r\n\f]+/g, ' '))
    if (text.startsWith(' ')) {
      pendingSpace = true
      text = text.slice(1)
    }
    if (text === '') return
    if (pendingSpace && line.length > 0) line += ' '
    pendingSpace = text.endsWith(' ')
    line += pendingSpace ? text.slice(0, -1) : text
  }
  let last = 0
  TAG.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = TAG.exec(html)) !== null) {
    addText(html.slice(last, match.index))
    last = TAG.lastIndex
    const name = (match[2] ?? '').toLowerCase()
    if (!name) continue
    const isClosing = match[1] === '/'
    const isSelfClosing = /\/\s*$/.test(match[3] ?? '')
    if (!isClosing && SKIPPED_ELEMENTS.has(name) && !isSelfClosing) {
      const close = new RegExp(`</${name}\\s*>`, 'ig')
      close.lastIndex = last
      const end = close.exec(html)
      last = end ? close.lastIndex : html.length
      TAG.lastIndex = last
      continue
    }
    if (name === 'br') {
      endLine(true)
    } else if (name === 'hr') {
      softBreak()
      lines.push(prefix() + '________________________________')
    } else if (name === 'blockquote') {
      softBreak()
      quoteDepth = Math.max(0, quoteDepth + (isClosing ? -1 : 1))
    } else if (name === 'pre') {
      softBreak()
      preDepth = Math.max(0, preDepth + (isClosing ? -1 : 1))
    } else if (name === 'td' || name === 'th') {
      if (isClosing) pendingSpace = true
    } else if (name === 'img' && !isClosing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(match[3] ?? '')
      const text = alt ? (alt[2] ?? alt[3] ?? '') : ''
      if (text.trim()) addText(text)
    } else if (BLOCK_ELEMENTS.has(name)) {
      softBreak()
    }
  }
  addText(html.slice(last))
  endLine(false)
  return lines.join('\n').replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n').trim()
}
