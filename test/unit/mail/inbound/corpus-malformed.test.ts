import {expect} from 'chai'
import {parseMessage, UnparseableMessageError} from '../../../../src/mail/inbound/parse'
import {mailFilesOf, readCorpusFile} from '../../../support/corpus'

// SPEC §14: bad input gets a clear error and changes nothing. A malformed mail is parsed (with its
// problems listed) or rejected with UnparseableMessageError, which the pipeline records; any other
// exception would stop the daemon on one bad message.

const CATEGORIES = ['malformed', 'ja-charset', 'reply-quoted', 'auto-reply', 'bounce-dsn', 'other']

async function outcome(file: string, maxBytes?: number): Promise<'parsed' | 'rejected'> {
  try {
    const message = await parseMessage(readCorpusFile(file), {maxBytes})
    expect(message.sha256, file).to.match(/^[0-9a-f]{64}$/)
    expect(message.text, file).to.be.a('string')
    return 'parsed'
  } catch (error) {
    if (error instanceof UnparseableMessageError) {
      expect(error.code).to.equal('unparseable_message')
      return 'rejected'
    }
    throw new Error(`${file}: ${error instanceof Error ? error.stack : String(error)}`)
  }
}

describe('corpus: malformed mail is parsed or rejected with a typed error, never a crash', function () {
  this.timeout(300000)

  it('parses or rejects every malformed mail, with its problems listed', async () => {
    const files = mailFilesOf('malformed')
    expect(files.length).to.be.greaterThan(50)
    let parsed = 0
    let rejected = 0
    let withProblems = 0
    for (const file of files) {
      const started = Date.now()
      const result = await outcome(file)
      expect(Date.now() - started, `${file} took too long`).to.be.below(5000)
      if (result === 'parsed') {
        parsed++
        if ((await parseMessage(readCorpusFile(file))).problems.length > 0) withProblems++
      } else {
        rejected++
      }
    }
    console.log(`corpus malformed: ${parsed} parsed (${withProblems} with problems listed), ${rejected} rejected, 0 crashes (${files.length} mails)`)
    expect(parsed + rejected).to.equal(files.length)
    expect(rejected).to.be.below(5)
  })

  it('parses every other mail of the corpus without an exception', async () => {
    let count = 0
    for (const category of CATEGORIES.filter((name) => name !== 'malformed')) {
      for (const file of mailFilesOf(category)) {
        expect(await outcome(file), file).to.equal('parsed')
        count++
      }
    }
    expect(count).to.be.greaterThan(200)
  })

  it('reads only the headers of a message over the size limit (the 1.1 MB out-of-memory case)', async () => {
    const file = 'malformed/mailparser__outofmemory.eml'
    const raw = readCorpusFile(file)
    const message = await parseMessage(raw, {maxBytes: 100 * 1024})
    expect(message.tooLarge).to.equal(true)
    expect(message.size).to.equal(raw.length)
    expect(message.text).to.equal('')
    expect(Object.keys(message.headers).length).to.be.greaterThan(0)
    expect(message.problems.join(' ')).to.match(/exceeds the limit/)
  })

  it('parses the pathological HTML cases (deep nesting, huge HTML) in bounded time', async () => {
    for (const file of ['malformed/mailparser__htmllargecallstack.eml', 'malformed/mailparser__outofmemory.eml', 'malformed/mail__mime_emails__raw_email_encoded_stack_level_too_deep.eml']) {
      const started = Date.now()
      const message = await parseMessage(readCorpusFile(file))
      expect(Date.now() - started, file).to.be.below(5000)
      expect(message.tooLarge).to.equal(false)
    }
  })
})
