import {expect} from 'chai'
import {htmlToText} from '../../../../src/mail/inbound/decode'
import {ParsedMessage, parseMessage} from '../../../../src/mail/inbound/parse'
import {hasCorpusFile, mailFilesOf, readCorpusFile, readCorpusText, readZammadExpected, stemOf} from '../../../support/corpus'

// Every Japanese-charset mail of the corpus that has an answer file decodes to it. The answer files
// come from different projects and assert different fields; each field they give is compared:
//   jpmobile / mikel-mail / redmine / rt / mailparser `.expected.json`: subject, body, first part,
//     part count, attachment name and size, a keyword the body must hold;
//   Zammad `.expected.yml`: from address and name, subject, to, and the body (Zammad's HTML when the
//     mail was HTML: compared as text, white space ignored).
// Subjects are compared with runs of white space folded: unfolding a header (RFC 5322 §2.2.3) is
// where the projects differ, and it carries no meaning.

/** CRLF to LF, trailing white space of each line dropped, outer blank lines trimmed. */
function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/[ \t]+$/, '')).join('\n').trim()
}

function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function withoutSpace(text: string): string {
  return text.replace(/\s+/g, '')
}

/** jpmobile writes carrier emoji as `&#xe676;` (its own mapping); any one character stands in for each. */
function jpmobilePattern(expected: string): RegExp {
  const parts = normalize(expected).split(/&#x[0-9a-f]+;/i).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.')}$`, 'u')
}

type Check = {field: string; ok: boolean; got: unknown; expected: unknown}

function checkJson(message: ParsedMessage, expected: Record<string, unknown>): Check[] {
  const checks: Check[] = []
  const add = (field: string, ok: boolean, got: unknown, wanted: unknown): void => {
    checks.push({field, ok, got, expected: wanted})
  }
  for (const [key, value] of Object.entries(expected)) {
    if (key.startsWith('_')) continue
    switch (key) {
      case 'subject':
        add(key, foldSpace(message.subject) === foldSpace((value as string | null) ?? ''), message.subject, value)
        break
      case 'body':
      case 'decoded_body':
      case 'first_part_body':
        add(key, normalize(message.text) === normalize(value as string), message.text, value)
        break
      case 'text_trimmed':
        add(key, message.text.trim() === (value as string).trim(), message.text, value)
        break
      case 'subject_trimmed':
        add(key, message.subject.trim() === (value as string).trim(), message.subject, value)
        break
      case 'subject_jpmobile':
        add(key, jpmobilePattern(value as string).test(normalize(message.subject)), message.subject, value)
        break
      case 'body_jpmobile':
        add(key, jpmobilePattern(value as string).test(normalize(message.text)), message.text, value)
        break
      case 'subject_matches':
      case 'tracker_keyword': {
        const where = key === 'subject_matches' ? message.subject : message.text
        add(key, where.includes(value as string), where, value)
        break
      }
      case 'subject_note': {
        const quoted = /expected subject is '([^']+)'/.exec(value as string)
        if (quoted) add(key, foldSpace(message.subject) === foldSpace(quoted[1]), message.subject, quoted[1])
        break
      }
      case 'to': {
        const addresses = message.to.map((to) => to.address)
        add(key, (value as string[]).every((address) => addresses.includes(address.toLowerCase())), addresses, value)
        break
      }
      case 'parts': {
        const topLevel = message.parts.filter((part) => /^\d+$/.test(part.path)).length
        add(key, topLevel === value, topLevel, value)
        break
      }
      case 'attachment_filename':
        add(key, message.attachments.some((a) => a.filename === value), message.attachments.map((a) => a.filename), value)
        break
      case 'attachment_size':
        add(key, message.attachments.some((a) => a.size === value && a.filename === expected.attachment_filename), message.attachments.map((a) => a.size), value)
        break
      default:
        throw new Error(`no comparison written for the answer field "${key}"`)
    }
  }
  return checks
}

function checkZammad(message: ParsedMessage, expected: Record<string, string>): Check[] {
  const checks: Check[] = []
  const add = (field: string, ok: boolean, got: unknown, wanted: unknown): void => {
    checks.push({field, ok, got, expected: wanted})
  }
  if ('from_email' in expected) add('from_email', message.from?.address === expected.from_email.toLowerCase(), message.from?.address, expected.from_email)
  if ('from_display_name' in expected) add('from_display_name', message.from?.name === expected.from_display_name, message.from?.name, expected.from_display_name)
  if ('subject' in expected) add('subject', foldSpace(message.subject) === foldSpace(expected.subject), message.subject, expected.subject)
  if (expected.to) {
    const wanted = [...expected.to.matchAll(/[^\s<>()"',]+@[^\s<>()"',]+/g)].map((match) => match[0].toLowerCase())
    const addresses = message.to.map((to) => to.address)
    add('to', wanted.every((address) => addresses.includes(address)), addresses, wanted)
  }
  if ('body' in expected) {
    const isHtml = expected.content_type === 'text/html'
    const wanted = isHtml ? htmlToText(expected.body) : expected.body
    add('body', withoutSpace(message.text) === withoutSpace(wanted), message.text, wanted)
  }
  return checks
}

describe('corpus: Japanese charsets decode to the answers their source projects give', function () {
  this.timeout(120000)

  it('decodes every ja-charset mail that has an answer file to it', async () => {
    const failures: string[] = []
    let cases = 0
    let fields = 0
    for (const file of mailFilesOf('ja-charset')) {
      const stem = `ja-charset/${stemOf(file)}`
      const json = `${stem}.expected.json`
      const yml = `${stem}.expected.yml`
      if (!hasCorpusFile(json) && !hasCorpusFile(yml)) continue
      cases++
      const message = await parseMessage(readCorpusFile(file))
      const checks = hasCorpusFile(json)
        ? checkJson(message, JSON.parse(readCorpusText(json)) as Record<string, unknown>)
        : checkZammad(message, readZammadExpected(readCorpusText(yml)))
      expect(checks.length, `${file}: no field compared`).to.be.greaterThan(0)
      fields += checks.length
      for (const check of checks.filter((c) => !c.ok)) {
        failures.push(`${file} ${check.field}: got ${JSON.stringify(check.got)}, expected ${JSON.stringify(check.expected)}`)
      }
    }
    console.log(`corpus decode: ${cases} mails, ${fields - failures.length}/${fields} fields as expected`)
    expect(cases).to.be.greaterThan(20)
    expect(failures, failures.join('\n')).to.deep.equal([])
  })

  it('decodes every ja-charset mail without losing bytes, except carrier emoji no standard maps', async () => {
    // au (KDDI) writes its emoji into JIS rows that neither JIS X 0208 nor CP50220 defines; jpmobile maps
    // them with its own table. They may become U+FFFD; nothing else may.
    const lossy: string[] = []
    for (const file of mailFilesOf('ja-charset')) {
      const message = await parseMessage(readCorpusFile(file))
      const isAuEmoji = /^ja-charset\/jpmobile__au-/.test(file)
      if (!isAuEmoji && (message.subject.includes('\uFFFD') || message.text.includes('\uFFFD'))) lossy.push(file)
    }
    expect(lossy).to.deep.equal([])
  })
})
