/**
 * Golden files of the Japanese receipt, query and completion mails of the seed's scenario
 * (test/fixtures/golden/ja): the whole RFC 5322 message (`.eml`, with Message-ID and Date fixed as the
 * outbox fixes them) and, for reading, its headers and text as mailparser decodes them (`.txt`).
 * After a deliberate change of wording, regenerate with NSS_UPDATE_GOLDEN=1 and review the diff.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {ParsedMail} from 'mailparser'
import {sampleMailSource} from '../../../src/mail/outbound/samples'
import {MailTemplates} from '../../../src/mail/outbound/templates'
import {ROOT} from '../../support/cli'
import {addressesOf, composeSample, outboxMailOf, parseMessage, textOf} from '../../support/mail'

const GOLDEN_DIR = path.join(ROOT, 'test', 'fixtures', 'golden', 'ja')
const isUpdating = process.env.NSS_UPDATE_GOLDEN === '1'

/** Headers a person reads, decoded, then the text part. */
function readable(parsed: ParsedMail): string {
  const header = (name: string) => String(parsed.headers.get(name.toLowerCase()) ?? '')
  const lines = [
    `From: ${parsed.from?.text}`,
    `To: ${addressesOf(parsed.to).join(', ')}`,
    ...(parsed.replyTo ? [`Reply-To: ${addressesOf(parsed.replyTo).join(', ')}`] : []),
    `Subject: ${parsed.subject}`,
    `Date: ${parsed.date?.toISOString()}`,
    `Message-ID: ${parsed.messageId}`,
    `Auto-Submitted: ${header('Auto-Submitted')}`,
    `X-Auto-Response-Suppress: ${header('X-Auto-Response-Suppress')}`,
    `X-NSS-Loop: ${header('X-NSS-Loop')}`,
    '',
    textOf(parsed),
  ]
  return lines.join('\n')
}

function compareWithGolden(name: string, actual: Buffer | string): void {
  const file = path.join(GOLDEN_DIR, name)
  if (isUpdating) fs.writeFileSync(file, actual)
  expect(fs.existsSync(file), `${file} is missing: run the tests with NSS_UPDATE_GOLDEN=1 once, then review it`).to.equal(true)
  const expected = fs.readFileSync(file)
  if (typeof actual === 'string') expect(actual).to.equal(expected.toString('utf8'))
  else expect(actual.equals(expected), `${name} differs from its golden file`).to.equal(true)
}

describe('golden mails of the seed scenario (Japanese)', () => {
  let templates: MailTemplates
  before(async () => {
    templates = await MailTemplates.load()
  })

  const cases = [
    {kind: 'receipt', what: 'receipt mail of the amended application 2101932C, naming the original 2101910C'},
    {kind: 'query', what: 'query mail of 2101910C with the seed refusal and the reply form'},
    {kind: 'completion', what: 'completion mail of 2101932C with the registration date, the password window and URY'},
  ] as const
  for (const {kind, what} of cases) {
    it(`renders the ${what} exactly as its golden file`, async () => {
      const message = await composeSample(templates, outboxMailOf(sampleMailSource(kind, 'ja'), 1))
      compareWithGolden(`${kind}.eml`, message.raw)
      compareWithGolden(`${kind}.txt`, readable(await parseMessage(message.raw)))
    })
  }
})
