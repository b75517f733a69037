/**
 * Parsing one inbound message (SPEC §11 steps 1 and 5): ids, addresses, subject, the best text body,
 * attachments and the parts a bounce carries — without ever throwing on a malformed message.
 *
 * Two readers work side by side. mailparser's simpleParser gives the second opinion on addresses and
 * the date, and a body when ours finds none. Our own tolerant MIME walk (RFC 2045/2046) reads the
 * body and the report parts, because mailparser 3 decodes a part labelled UTF-8, US-ASCII or nothing
 * without any fallback (Shift_JIS sent unlabelled comes out as U+FFFD), reads encoded words labelled
 * ISO-2022-JP that hold Shift_JIS as garbage, and hands a returned message/rfc822 over with no content
 * (so a bounce's original Message-ID would be lost).
 */
import {createHash} from 'node:crypto'
import {boundReferences, isBoundedMessageId} from '../message-ids'
import {
  decodeHeaderValue,
  decodeText,
  decodeTransferEncoding,
  htmlToText,
  parseHeaderParams,
  unflowText,
} from './decode'

/** SPEC §11 Limits: `NSS_MAX_MESSAGE_BYTES` defaults to 10 MB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024

/** A mailbox: the address lower-cased, the display name decoded ('' when there is none). */
export interface MailAddress {
  address: string
  name: string
}

/** One attachment: described, with its decoded bytes (bounded by the message's own limit, NSS_MAX_MESSAGE_BYTES). */
export interface AttachmentInfo {
  filename: string | null
  contentType: string
  /** Decoded size in bytes. */
  size: number
  disposition: 'attachment' | 'inline' | null
  contentId: string | null
  /** The decoded bytes: kept by the desk only for an authenticated reply (src/app/attachments.ts). */
  content: Buffer
}

/** One MIME entity of the message, in tree order; `path` is '' for the message itself, then `1`, `1.2`, … as in IMAP (RFC 3501). */
export interface MimePartInfo {
  path: string
  contentType: string
  charset: string | null
  disposition: string | null
  filename: string | null
  /** Size of the still-encoded body in bytes. */
  size: number
}

/**
 * What a delivery report carries (RFC 6522 multipart/report, RFC 3464 message/delivery-status), kept
 * for the classifier: the report type, the delivery-status text, and the header block of the returned
 * message (message/rfc822, message/global or text/rfc822-headers) wherever it appears.
 */
export interface ReportParts {
  reportType: string | null
  deliveryStatus: string | null
  returnedHeaders: string | null
}

/** A parsed inbound message. Fields that could not be read are empty; `problems` says why. */
export interface ParsedMessage {
  /** SHA-256 of the raw bytes, hex: the identity of a message without a Message-ID (SPEC §11 step 1). */
  sha256: string
  size: number
  /** The message exceeded `maxBytes`: only the headers were read, `text` is empty. */
  tooLarge: boolean
  /** `<id@host>`, normalised, or null. */
  messageId: string | null
  from: MailAddress | null
  replyTo: MailAddress[]
  to: MailAddress[]
  cc: MailAddress[]
  subject: string
  date: Date | null
  inReplyTo: string | null
  /** The `<id>`s in References, in order, even when the header is malformed; bounded (src/mail/message-ids.ts). */
  references: string[]
  /** Every header, by lower-case name, unfolded and RFC 2047-decoded, in order of appearance. */
  headers: Record<string, string[]>
  /** The top-level media type, lower-case (`multipart/report`). */
  contentType: string
  /** The best text body: the text/plain part, or the HTML part turned into text. */
  text: string
  /** The HTML body as sent, when there is one. */
  html: string | null
  textSource: 'plain' | 'html' | 'none'
  /** The charset the text was actually decoded with. */
  textCharset: string | null
  attachments: AttachmentInfo[]
  parts: MimePartInfo[]
  report: ReportParts
  /** What was wrong with the message and how it was worked around; empty for a clean message. */
  problems: string[]
}

/** Options of {@link parseMessage}. */
export interface ParseOptions {
  /** Messages larger than this are not parsed beyond their headers (SPEC §11 Limits). */
  maxBytes?: number
}

/**
 * The message cannot be read as mail at all (empty, or no header could be found): the caller records
 * it as a permanent failure. Anything less broken is parsed with `problems` instead.
 */
export class UnparseableMessageError extends Error {
  readonly code = 'unparseable_message'
  readonly problems: string[]

  constructor(message: string, problems: string[] = []) {
    super(message)
    this.name = 'UnparseableMessageError'
    this.problems = problems
  }
}

// --- raw entity splitting ---------------------------------------------------------------------------

interface RawHeader {
  /** Lower-case field name. */
  name: string
  /** Unfolded value, one character per byte (latin1). */
  raw: string
}

interface MimeEntity {
  path: string
  headers: RawHeader[]
  contentType: string
  params: Record<string, string>
  disposition: string | null
  dispositionParams: Record<string, string>
  transferEncoding: string
  /** The body, still transfer-encoded. */
  body: Buffer
  children: MimeEntity[]
  /** The message inside a message/rfc822 part. */
  embedded: MimeEntity | null
}

const HEADER_LINE = /^[!-9;-~]+[ \t]*:/
const MAX_DEPTH = 24
const MAX_PARTS = 500
const MAX_REPORT_TEXT = 64 * 1024
const MAX_HEADER_BYTES = 1024 * 1024

/** Lines of a latin1 string with their start offsets; CRLF, LF and lone CR all end a line. */
function splitLines(text: string): Array<{line: string; start: number; end: number}> {
  const lines: Array<{line: string; start: number; end: number}> = []
  const pattern = /\r\n|\n|\r/g
  let start = 0
  let match: RegExpExecArray | null
  while ((match = pattern.exec(text)) !== null) {
    lines.push({line: text.slice(start, match.index), start, end: pattern.lastIndex})
    start = pattern.lastIndex
  }
  if (start < text.length) lines.push({line: text.slice(start), start, end: text.length})
  return lines
}

/**
 * The header fields and the body of an entity (RFC 5322 §2.1), tolerating what real mail does: an
 * mbox `From ` line or blank lines before the headers, a first header indented, a folded line that
 * lost its leading white space, no blank line before the body.
 */
function splitEntity(bytes: Buffer, problems: string[], where: string): {headers: RawHeader[]; body: Buffer} {
  // Headers are at the start; a header block over 1 MB is junk, and the body is never split into lines here.
  const text = bytes.subarray(0, MAX_HEADER_BYTES).toString('latin1')
  const lines = splitLines(text)
  const headers: RawHeader[] = []
  let index = 0
  while (index < lines.length && lines[index].line.trim() === '' && lines.slice(index + 1, index + 4).some((l) => HEADER_LINE.test(l.line))) {
    if (index === 0) problems.push(`${where}: blank line before the headers`)
    index++
  }
  if (index < lines.length && /^From /.test(lines[index].line)) index++
  let bodyStart = text.length
  let isFirst = true
  const blank = /\n\r?\n/.exec(text)
  const blankAt = blank ? blank.index : text.length
  for (; index < lines.length; index++) {
    const {line, end, start} = lines[index]
    if (line === '') {
      bodyStart = end
      break
    }
    if (/^[ \t]/.test(line)) {
      // Folding white space, including a line of white space only (obsolete, RFC 5322 §4.2).
      if (headers.length > 0) {
        headers[headers.length - 1].raw += line
      } else if (isFirst && HEADER_LINE.test(line.trimStart())) {
        problems.push(`${where}: first header line is indented`)
        const trimmed = line.trimStart()
        const colon = trimmed.indexOf(':')
        headers.push({name: trimmed.slice(0, colon).trim().toLowerCase(), raw: trimmed.slice(colon + 1)})
      } else {
        problems.push(`${where}: continuation line with no header before it`)
      }
    } else if (HEADER_LINE.test(line)) {
      const colon = line.indexOf(':')
      headers.push({name: line.slice(0, colon).trim().toLowerCase(), raw: line.slice(colon + 1)})
    } else if (headers.length > 0 && start < blankAt) {
      // A folded line that lost its white space, while a blank line still ends the header block later.
      problems.push(`${where}: malformed header line`)
      headers[headers.length - 1].raw += ' ' + line
    } else {
      problems.push(`${where}: no blank line between headers and body`)
      bodyStart = start
      break
    }
    isFirst = false
  }
  if (bodyStart === text.length && bytes.length > MAX_HEADER_BYTES) problems.push(`${where}: header block over ${MAX_HEADER_BYTES} bytes`)
  for (const header of headers) header.raw = header.raw.replace(/[\r\n]+/g, '').trim()
  return {headers, body: bytes.subarray(Math.min(bodyStart, bytes.length))}
}

function firstHeader(headers: RawHeader[], name: string): string | undefined {
  return headers.find((header) => header.name === name)?.raw
}

const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** The parts of a multipart body by its boundary (RFC 2046 §5.1.1); null when the boundary never occurs. */
function splitMultipart(body: Buffer, boundary: string, problems: string[], where: string): Buffer[] | null {
  const text = body.toString('latin1')
  const delimiter = new RegExp(`^--${escapeRegExp(boundary)}(--)?[ \\t]*\\r?$`, 'gm')
  const parts: Buffer[] = []
  let partStart = -1
  let isClosed = false
  let match: RegExpExecArray | null
  while ((match = delimiter.exec(text)) !== null) {
    if (partStart >= 0) {
      let end = match.index
      if (text[end - 1] === '\n') end--
      if (text[end - 1] === '\r') end--
      parts.push(body.subarray(partStart, Math.max(partStart, end)))
    }
    if (match[1]) {
      isClosed = true
      break
    }
    let next = delimiter.lastIndex
    if (text[next] === '\n') next++
    partStart = next
    if (parts.length >= MAX_PARTS) break
  }
  if (partStart < 0) return null
  if (!isClosed) {
    problems.push(`${where}: closing boundary missing`)
    parts.push(body.subarray(partStart))
  }
  return parts
}

/** A boundary guessed from the body when the Content-Type forgot it: the first `--token` line seen twice. */
function guessBoundary(body: Buffer): string | null {
  const text = body.subarray(0, 64 * 1024).toString('latin1')
  const first = /^--([^\s]{6,70}?)(?:--)?[ \t]*\r?$/m.exec(text)
  if (!first) return null
  const count = text.split(`--${first[1]}`).length - 1
  return count >= 2 ? first[1] : null
}

/** One MIME entity and, recursively, its parts (RFC 2045, RFC 2046 §5). */
function parseEntity(bytes: Buffer, path: string, depth: number, defaultType: string, problems: string[], counter: {parts: number}): MimeEntity {
  const where = path === '' ? 'message' : `part ${path}`
  const {headers, body} = splitEntity(bytes, problems, where)
  counter.parts++
  const typeHeaders = headers.filter((header) => header.name === 'content-type')
  if (typeHeaders.length > 1) problems.push(`${where}: ${typeHeaders.length} Content-Type headers, the first is used`)
  let contentType = defaultType
  let params = Object.create(null) as Record<string, string>
  if (typeHeaders.length > 0 && typeHeaders[0].raw.trim() !== '') {
    const parsed = parseHeaderParams(typeHeaders[0].raw)
    params = parsed.params
    if (MEDIA_TYPE.test(parsed.value)) {
      contentType = parsed.value
    } else {
      problems.push(`${where}: unreadable Content-Type "${typeHeaders[0].raw.slice(0, 80)}"`)
      if (/^multipart\//.test(parsed.value)) contentType = 'multipart/mixed'
      else if (parsed.value === 'text' || /^text\//.test(parsed.value)) contentType = 'text/plain'
      else contentType = 'text/plain'
    }
  }
  const dispositionRaw = firstHeader(headers, 'content-disposition')
  const disposition = dispositionRaw ? parseHeaderParams(dispositionRaw) : null
  const entity: MimeEntity = {
    path,
    headers,
    contentType,
    params,
    disposition: disposition?.value || null,
    dispositionParams: disposition?.params ?? (Object.create(null) as Record<string, string>),
    transferEncoding: firstHeader(headers, 'content-transfer-encoding') ?? '',
    body,
    children: [],
    embedded: null,
  }
  if (depth >= MAX_DEPTH || counter.parts >= MAX_PARTS) {
    if (contentType.startsWith('multipart/') || contentType.startsWith('message/')) problems.push(`${where}: nested too deep, not opened`)
    return entity
  }
  if (contentType.startsWith('multipart/')) {
    const boundary = params.boundary || guessBoundary(body)
    if (!params.boundary) problems.push(`${where}: multipart without boundary${boundary ? ', guessed from the body' : ''}`)
    const parts = boundary ? splitMultipart(body, boundary, problems, where) : null
    if (!parts) {
      problems.push(`${where}: multipart body without its boundary, read as text/plain`)
      entity.contentType = 'text/plain'
      return entity
    }
    const childType = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain'
    const prefix = path === '' ? '' : `${path}.`
    parts.forEach((part, index) => {
      if (counter.parts < MAX_PARTS) entity.children.push(parseEntity(part, `${prefix}${index + 1}`, depth + 1, childType, problems, counter))
    })
  } else if (contentType === 'message/rfc822' || contentType === 'message/global') {
    const {bytes: inner} = decodeTransferEncoding(body, entity.transferEncoding)
    entity.embedded = parseEntity(inner, `${path === '' ? '' : `${path}.`}0`, depth + 1, 'text/plain', problems, counter)
  }
  return entity
}

// --- bodies -----------------------------------------------------------------------------------------

function filenameOf(entity: MimeEntity): string | null {
  return entity.dispositionParams.filename || entity.params.name || null
}

/** An attachment by disposition, or by having a file name (a named inline text part is a file shown inline). */
function isAttachment(entity: MimeEntity): boolean {
  return entity.disposition === 'attachment' || filenameOf(entity) !== null
}

/** An HTML part's charset when the Content-Type has none: its `<meta charset>` (HTML 4 / HTML5). */
function htmlMetaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString('latin1')
  const match = /<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)/i.exec(head)
  return match ? match[1] : null
}

interface DecodedBody {
  text: string
  charset: string
}

function decodeBody(entity: MimeEntity, problems: string[]): DecodedBody {
  const where = entity.path === '' ? 'body' : `part ${entity.path}`
  const {bytes, problem} = decodeTransferEncoding(entity.body, entity.transferEncoding)
  if (problem) problems.push(`${where}: ${problem}`)
  let declared: string | null = entity.params.charset ?? null
  if (!declared && entity.contentType === 'text/html') declared = htmlMetaCharset(bytes)
  const decoded = decodeText(bytes, declared)
  if (decoded.problem) problems.push(`${where}: ${decoded.problem}`)
  let text = decoded.text.replace(/\r\n?/g, '\n')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (entity.contentType === 'text/plain' && (entity.params.format ?? '').toLowerCase() === 'flowed') {
    text = unflowText(text, (entity.params.delsp ?? '').toLowerCase() === 'yes')
  }
  return {text, charset: decoded.charset}
}

interface Bodies {
  plain: MimeEntity[]
  html: MimeEntity[]
}

function hasText(entity: MimeEntity, problems: string[]): boolean {
  return decodeBody(entity, problems.slice()).text.trim() !== ''
}

/**
 * The body candidates in reading order. In multipart/alternative the text/plain branch wins unless it
 * is empty (RFC 2046 §5.1.4 lets us pick the alternative we can show best; for reading a reply that
 * is plain text). Attachments and attached messages are not body.
 */
function collectBodies(entity: MimeEntity, into: Bodies, problems: string[]): void {
  if (entity.contentType === 'multipart/alternative') {
    const branches = entity.children.map((child) => {
      const found: Bodies = {plain: [], html: []}
      collectBodies(child, found, problems)
      return found
    })
    const plain = branches.find((branch) => branch.plain.some((part) => hasText(part, problems)))
    const html = branches.find((branch) => branch.html.length > 0)
    if (plain) into.plain.push(...plain.plain)
    if (html) into.html.push(...html.html)
    return
  }
  if (entity.contentType.startsWith('multipart/')) {
    for (const child of entity.children) collectBodies(child, into, problems)
    return
  }
  if (isAttachment(entity)) return
  if (entity.contentType === 'text/plain') into.plain.push(entity)
  else if (entity.contentType === 'text/html') into.html.push(entity)
}

/** When no part is body, the text parts shown inline under a file name are the best there is. */
function collectNamedInlineTexts(entity: MimeEntity, into: Bodies): void {
  for (const child of entity.children) collectNamedInlineTexts(child, into)
  if (entity.children.length > 0 || entity.disposition === 'attachment') return
  if (entity.contentType === 'text/plain') into.plain.push(entity)
  else if (entity.contentType === 'text/html') into.html.push(entity)
}

function collectAttachments(entity: MimeEntity, bodies: Set<MimeEntity>, into: AttachmentInfo[]): void {
  if (entity.contentType.startsWith('multipart/') && entity.children.length > 0) {
    for (const child of entity.children) collectAttachments(child, bodies, into)
    return
  }
  // Text parts that are not attachments are body, also the alternatives not chosen.
  if (bodies.has(entity) || (/^text\/(plain|html)$/.test(entity.contentType) && !isAttachment(entity))) return
  const {bytes} = decodeTransferEncoding(entity.body, entity.transferEncoding)
  const disposition = entity.disposition === 'attachment' || entity.disposition === 'inline' ? entity.disposition : null
  const contentId = firstHeader(entity.headers, 'content-id')
  into.push({
    filename: filenameOf(entity),
    contentType: entity.contentType,
    size: bytes.length,
    disposition,
    contentId: contentId ? contentId.trim().replace(/^<|>$/g, '') : null,
    content: bytes,
  })
}

function collectParts(entity: MimeEntity, into: MimePartInfo[]): void {
  into.push({
    path: entity.path,
    contentType: entity.contentType,
    charset: entity.params.charset ?? null,
    disposition: entity.disposition,
    filename: filenameOf(entity),
    size: entity.body.length,
  })
  for (const child of entity.children) collectParts(child, into)
}

function headerBlockOf(entity: MimeEntity): string {
  return entity.headers.map((header) => `${header.name}: ${decodeHeaderValue(header.raw)}`).join('\n')
}

function collectReport(entity: MimeEntity, report: ReportParts): void {
  if (entity.contentType === 'multipart/report' && report.reportType === null) {
    report.reportType = (entity.params['report-type'] ?? '').toLowerCase() || null
  }
  if (entity.contentType === 'message/delivery-status' || entity.contentType === 'message/global-delivery-status') {
    // Every status part, joined: some MTAs label their prose part message/delivery-status too.
    const {bytes} = decodeTransferEncoding(entity.body, entity.transferEncoding)
    const text = decodeText(bytes.subarray(0, MAX_REPORT_TEXT), entity.params.charset ?? null).text.replace(/\r\n?/g, '\n')
    report.deliveryStatus = report.deliveryStatus === null ? text : `${report.deliveryStatus}\n\n${text}`
  }
  if (report.returnedHeaders === null) {
    if (entity.embedded) {
      report.returnedHeaders = headerBlockOf(entity.embedded)
    } else if (entity.contentType === 'text/rfc822-headers' || entity.contentType === 'message/global-headers') {
      const {bytes} = decodeTransferEncoding(entity.body, entity.transferEncoding)
      const inner = splitEntity(bytes.subarray(0, MAX_REPORT_TEXT), [], 'returned headers')
      report.returnedHeaders = inner.headers.map((header) => `${header.name}: ${decodeHeaderValue(header.raw)}`).join('\n')
    }
  }
  for (const child of entity.children) collectReport(child, report)
}

// --- header fields ----------------------------------------------------------------------------------

/**
 * Control characters (C0 and C1 but tab and line ends, DEL, bidirectional overrides and isolates) made
 * visible as U+FFFD. A subject or an address is stored and shown to operators (`nss mail inbound`) and
 * quoted in answers: a stranger's ESC sequence must not reach a terminal or a mail. Replaced, not
 * removed, so that `taro\0@example.jp` never becomes a registered address.
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu

/** `text` with its control characters replaced by U+FFFD. */
export function markControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARS, '\ufffd')
}

/** A display name without the quotes and white space around it (a loop: no regex backtracking on junk). */
function stripQuotes(text: string): string {
  let start = 0
  let end = text.length
  const isEdge = (char: string): boolean => char === '"' || char === "'" || /\s/.test(char)
  while (start < end && isEdge(text[start])) start++
  while (end > start && isEdge(text[end - 1])) end--
  return text.slice(start, end)
}

type AddressParser = (address: string, options: {flatten: true}) => Array<{name: string; address: string}>

function parseAddresses(raw: string | undefined, addressparser: AddressParser): MailAddress[] {
  if (!raw || raw.trim() === '') return []
  const addresses: MailAddress[] = []
  let list: Array<{name: string; address: string}>
  try {
    list = addressparser(raw.replace(/^[\s,]+/, ''), {flatten: true})
  } catch {
    return []
  }
  // `Name (x@y)`: the address written as a comment, which RFC 5322 does not allow and addressparser drops.
  const inComments = [...raw.matchAll(/\(\s*([^\s<>()"',]+@[^\s<>()"',]+)\s*\)/g)].map((match) => match[1])
  for (const entry of list) {
    if (!entry.address && inComments.length > 0) entry.address = inComments.shift() ?? ''
    let address = decodeHeaderValue(entry.address ?? '').trim().replace(/^<|>$/g, '').toLowerCase()
    let name = stripQuotes(decodeHeaderValue(entry.name ?? ''))
    if (!address.includes('@')) {
      const inName = /[^\s<>()"',]+@[^\s<>()"',]+/.exec(name)
      if (inName) {
        address = inName[0].toLowerCase()
        name = name.replace(inName[0], '').replace(/\(\s*\)/g, '').trim()
      }
    }
    if (address === '' && name === '') continue
    addresses.push({address: markControlCharacters(address), name: markControlCharacters(name)})
  }
  return addresses
}

/** `<id>` as written, or the bare token wrapped in angle brackets; null when there is nothing. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null
  const bracketed = /<([^<>\s]+)>/.exec(value)
  if (bracketed) return `<${bracketed[1]}>`
  const token = value.trim().split(/\s+/)[0]?.replace(/^<|>$/g, '')
  return token ? `<${token}>` : null
}

/** Every `<id>` of a References or In-Reply-To header, also when separators or brackets are missing. */
export function parseReferences(value: string | null | undefined): string[] {
  if (!value) return []
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => `<${match[1]}>`)
  if (ids.length > 0) return [...new Set(ids)]
  return [...new Set(value.split(/[\s,]+/).filter((token) => token.includes('@')).map((token) => `<${token.replace(/^<|>$/g, '')}>`))]
}

/** A Date header read leniently (RFC 5322 §3.3 plus the obsolete and broken forms seen in the wild). */
function parseDate(value: string | undefined): Date | null {
  if (!value) return null
  const cleaned = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[A-Za-z]{3},?\s*/, '')
    .replace(/\b(UT|GMT)\b/, '+0000')
    .replace(/\bJST\b/, '+0900')
    .trim()
  for (const candidate of [value, cleaned]) {
    const time = Date.parse(candidate)
    if (!Number.isNaN(time)) return new Date(time)
  }
  return null
}

// --- the parser -------------------------------------------------------------------------------------

function emptyMessage(raw: Buffer): ParsedMessage {
  return {
    sha256: createHash('sha256').update(raw).digest('hex'),
    size: raw.length,
    tooLarge: false,
    messageId: null,
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    subject: '',
    date: null,
    inReplyTo: null,
    references: [],
    // No prototype: a header named __proto__ or constructor is just a header.
    headers: Object.create(null) as Record<string, string[]>,
    contentType: 'text/plain',
    text: '',
    html: null,
    textSource: 'none',
    textCharset: null,
    attachments: [],
    parts: [],
    report: {reportType: null, deliveryStatus: null, returnedHeaders: null},
    problems: [],
  }
}

async function loadAddressParser(): Promise<AddressParser> {
  const module = await import('nodemailer/lib/addressparser')
  return ((module as unknown as {default?: AddressParser}).default ?? module) as unknown as AddressParser
}

function applyHeaders(message: ParsedMessage, headers: RawHeader[], addressparser: AddressParser): void {
  for (const header of headers) {
    const values = message.headers[header.name] ?? []
    values.push(decodeHeaderValue(header.raw).trim())
    message.headers[header.name] = values
  }
  const raw = (name: string): string | undefined => firstHeader(headers, name)
  const messageId = normalizeMessageId(raw('message-id'))
  message.messageId = messageId && isBoundedMessageId(messageId) ? messageId : null
  // Folding white space in a subject carries no meaning for us: runs of it become one space.
  message.subject = markControlCharacters(decodeHeaderValue(raw('subject') ?? '').replace(/[ \t\r\n]+/g, ' ').trim())
  message.from = parseAddresses(raw('from'), addressparser)[0] ?? null
  message.replyTo = parseAddresses(raw('reply-to'), addressparser)
  message.to = headers.filter((h) => h.name === 'to').flatMap((h) => parseAddresses(h.raw, addressparser))
  message.cc = headers.filter((h) => h.name === 'cc').flatMap((h) => parseAddresses(h.raw, addressparser))
  // Bounded (issue 11 point 7): a few ids route a reply; 40,000 of them must not reach a query or an answer.
  message.inReplyTo = parseReferences(raw('in-reply-to')).find(isBoundedMessageId) ?? null
  message.references = boundReferences(parseReferences(headers.filter((h) => h.name === 'references').map((h) => h.raw).join(' ')))
  message.date = parseDate(raw('date'))
  if (headers.filter((h) => h.name === 'from').length === 0) message.problems.push('no From header')
  if (raw('date') && !message.date) message.problems.push('unreadable Date header')
}

interface MailparserView {
  from?: {address: string; name: string}
  date?: Date
  text?: string
  html?: string
}

/** mailparser's reading, for the fields where it is the second opinion; null when it fails. */
async function readWithMailparser(raw: Buffer, problems: string[]): Promise<MailparserView | null> {
  try {
    const {simpleParser} = await import('mailparser')
    const parsed = await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      keepDeliveryStatus: true,
    })
    const first = parsed.from?.value?.[0]
    return {
      from: first?.address ? {address: markControlCharacters(first.address.toLowerCase()), name: markControlCharacters(first.name ?? '')} : undefined,
      date: parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined,
      text: typeof parsed.text === 'string' ? parsed.text : undefined,
      html: typeof parsed.html === 'string' ? parsed.html : undefined,
    }
  } catch (error) {
    problems.push(`mailparser: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
}

/** A message whose CR-only line ends (old Mac) are turned into LF so that lines can be found. */
function normalizeLineEnds(raw: Buffer): Buffer {
  const head = raw.subarray(0, 8192)
  if (head.includes(0x0a) || !head.includes(0x0d)) return raw
  return Buffer.from(raw.toString('latin1').replace(/\r/g, '\n'), 'latin1')
}

/**
 * Parses one raw message. Never throws for a malformed message: what could not be read is listed in
 * `problems`. Throws {@link UnparseableMessageError} only when the bytes are not mail at all.
 * A message over `maxBytes` is not parsed beyond its headers (`tooLarge`).
 */
export async function parseMessage(raw: Buffer, options: ParseOptions = {}): Promise<ParsedMessage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  const message = emptyMessage(raw)
  const problems = message.problems
  if (raw.length === 0) throw new UnparseableMessageError('empty message')
  const addressparser = await loadAddressParser()
  const bytes = normalizeLineEnds(raw)
  if (bytes !== raw) problems.push('CR-only line ends')

  if (raw.length > maxBytes) {
    message.tooLarge = true
    problems.push(`message of ${raw.length} bytes exceeds the limit of ${maxBytes}: headers only`)
    const headerBytes = bytes.subarray(0, Math.min(bytes.length, 256 * 1024))
    const {headers} = splitEntity(headerBytes, problems, 'message')
    applyHeaders(message, headers, addressparser)
    const type = firstHeader(headers, 'content-type')
    if (type) message.contentType = parseHeaderParams(type).value || 'text/plain'
    return message
  }

  let root: MimeEntity | null = null
  try {
    root = parseEntity(bytes, '', 0, 'text/plain', problems, {parts: 0})
  } catch (error) {
    problems.push(`MIME structure: ${error instanceof Error ? error.message : String(error)}`)
  }
  const second = await readWithMailparser(raw, problems)
  if (!root || root.headers.length === 0) {
    if (!second || (!second.text && !second.html && !second.from)) {
      throw new UnparseableMessageError('no header could be read', problems)
    }
  }

  if (root) {
    applyHeaders(message, root.headers, addressparser)
    message.contentType = root.contentType
    try {
      const bodies: Bodies = {plain: [], html: []}
      collectBodies(root, bodies, problems)
      if (bodies.plain.length === 0 && bodies.html.length === 0) collectNamedInlineTexts(root, bodies)
      const plain = bodies.plain.map((part) => decodeBody(part, problems))
      const plainText = plain.map((part) => part.text).join('\n').trim()
      if (bodies.html.length > 0) {
        message.html = bodies.html.map((part) => decodeBody(part, problems).text).join('\n')
      }
      if (plainText !== '') {
        message.text = plain.map((part) => part.text).join('\n')
        message.textSource = 'plain'
        message.textCharset = plain[0].charset
      } else if (message.html !== null) {
        message.text = htmlToText(message.html)
        message.textSource = 'html'
        message.textCharset = decodeBody(bodies.html[0], []).charset
      }
      collectAttachments(root, new Set([...bodies.plain, ...bodies.html]), message.attachments)
      collectParts(root, message.parts)
      collectReport(root, message.report)
    } catch (error) {
      problems.push(`body: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  if (second) {
    if (!message.from && second.from) message.from = second.from
    if (!message.date && second.date) message.date = second.date
    if (message.textSource === 'none') {
      if (second.text && second.text.trim() !== '') {
        message.text = second.text
        message.textSource = 'plain'
        problems.push('body read by mailparser only')
      } else if (second.html && second.html.trim() !== '') {
        message.html = second.html
        message.text = htmlToText(second.html)
        message.textSource = 'html'
        problems.push('body read by mailparser only')
      }
    }
  }
  message.text = message.text.replace(/\r\n?/g, '\n')
  return message
}
