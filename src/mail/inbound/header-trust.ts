/**
 * Whether the From the desk would act on is beyond doubt (issue 11 point 1). The desk's own header
 * reader (parse.ts) is tolerant: it ends a line at a lone CR, skips an mbox `From ` line, mends
 * broken folding. Any reader that splits a header section differently — mailauth, which judges DMARC,
 * splits at LF only — can then see another From than the desk: `X-Mailer: x<CR>From: <contact>` and
 * a second `From: attacker@evil.example` made mailauth judge evil.example (pass) while the desk acted
 * as the contact. So the header section is read a second time here, the way mailauth reads it
 * (src: mailauth 4 lib/dkim/message-parser.js and tools.js parseHeaders: the section ends at the first
 * empty line, lines end at LF with an optional CR before it, a line starting with white space
 * continues the previous field), and any ambiguity refuses the message: it is never acted on.
 *
 * Refused: a CR not followed by LF anywhere in the header section; a section that mixes CRLF and bare
 * LF line ends (Maildir files with bare LF throughout are normal and pass); a section longer than the
 * desk reads; not exactly one From field; a From that is not exactly one plain mailbox (several
 * addresses, a group, none); a From address this reading does not find the same as the desk's.
 */

import {markControlCharacters} from './parse'

/** The desk's header reader stops at 1 MB (parse.ts MAX_HEADER_BYTES); a longer section is not read alike. */
const MAX_HEADER_SECTION_BYTES = 1024 * 1024

type AddressEntry = {name?: string; address?: string; group?: AddressEntry[]}
type AddressParser = (address: string) => AddressEntry[]

/**
 * The header section as mailauth finds it (RFC 5322 §2.1): up to the first LF followed by LF or CR LF,
 * that line end included, the empty line not. Also what the store keeps of a message nobody acts on.
 */
export function headerSectionOf(raw: Buffer): Buffer {
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a)) return raw.subarray(0, i + 1)
  }
  // No empty line: the whole message is its header section, as for mailauth.
  return raw
}

/** Why the line ends of a header section are ambiguous, or null. */
function lineEndProblem(section: Buffer): string | null {
  let crlf = 0
  let bareLf = 0
  for (let i = 0; i < section.length; i++) {
    const byte = section[i]
    if (byte === 0x0d) {
      if (section[i + 1] !== 0x0a) return `a bare CR in the header section (byte ${i})`
      crlf++
      i++
    } else if (byte === 0x0a) {
      bareLf++
    }
  }
  if (crlf > 0 && bareLf > 0) return `mixed line ends in the header section (${crlf} CRLF, ${bareLf} bare LF)`
  return null
}

/** The header fields as mailauth's parseHeaders makes them: lower-case name, value after the first colon. */
function fieldsOf(section: Buffer): Array<{key: string; value: string}> {
  const rows = section.toString('latin1').replace(/[\r\n]+$/, '').split(/\r?\n/)
  const joined: string[] = []
  for (const row of rows) {
    if (joined.length > 0 && /^\s/.test(row)) joined[joined.length - 1] += `\r\n${row}`
    else joined.push(row)
  }
  return joined.map(row => {
    const key = (/^[^:]+/.exec(row)?.[0] ?? '').trim().toLowerCase()
    const colon = row.indexOf(':')
    return {key, value: colon >= 0 ? row.slice(colon + 1) : ''}
  })
}

async function loadAddressParser(): Promise<AddressParser> {
  const module = await import('nodemailer/lib/addressparser')
  return ((module as unknown as {default?: AddressParser}).default ?? module) as unknown as AddressParser
}

/**
 * Why the From of `raw` is not beyond doubt, or null when it is. `deskFrom` is the address the desk's
 * own reader found (lower-case), which must be the one From mailbox read here.
 */
export async function headerAmbiguity(raw: Buffer, deskFrom: string | null): Promise<string | null> {
  const section = headerSectionOf(raw)
  if (section.length > MAX_HEADER_SECTION_BYTES) return `header section over ${MAX_HEADER_SECTION_BYTES} bytes`
  const lineEnds = lineEndProblem(section)
  if (lineEnds) return lineEnds
  const froms = fieldsOf(section).filter(field => field.key === 'from')
  if (froms.length !== 1) return froms.length === 0 ? 'no From header' : `${froms.length} From headers`
  const addressparser = await loadAddressParser()
  let entries: AddressEntry[]
  try {
    entries = addressparser(froms[0].value.trim())
  } catch {
    return 'the From header cannot be read'
  }
  if (entries.some(entry => entry.group !== undefined)) return 'the From header is a group'
  const mailboxes = entries.filter(entry => entry.address)
  if (mailboxes.length !== 1 || entries.length !== 1) {
    return mailboxes.length === 0 ? 'the From header has no address' : `the From header has ${entries.length} addresses`
  }
  const address = mailboxes[0].address!.trim().toLowerCase()
  if (deskFrom === null || address !== deskFrom.toLowerCase()) {
    return markControlCharacters(`the From header is read as ${deskFrom ?? '(none)'} by the desk and as ${address} by mailauth's reading`).slice(0, 1000)
  }
  return null
}
