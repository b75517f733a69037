import {expect} from 'chai'
import {Classification, classifyMessage, MessageKind} from '../../../../src/mail/inbound/classify'
import {parseMessage} from '../../../../src/mail/inbound/parse'
import {mailFilesOf, readCorpusFile} from '../../../support/corpus'

// SPEC §11 step 2 over the corpus: every automatic reply and every bounce is recognised (so nothing
// answers them), and every person's quoted reply is 'human' (so none is ignored).

const OURS = {domain: 'nss-desk.example.jp', loopHeader: 'X-NSS-Loop'}

/** Corpus files whose category is not what the mail shows; what we accept instead, and why. */
const AMBIGUOUS: Record<string, {accept: MessageKind[]; reason: string}> = {
  'auto-reply/set-of-emails__rb-issue-368-bug.eml': {
    accept: ['auto-reply', 'bounce'],
    reason: 'MANIFEST: "ambiguous auto-generated" — a postmaster "email bounce notification" with a null sender; either way it is never answered',
  },
  'bounce-dsn/jpmobile__bounce_with_utf8_part.eml': {
    accept: ['human'],
    reason: 'the file is an iPhone forward from au@ezweb.ne.jp (multipart/alternative, no report, no daemon sender, no failure text); the MANIFEST note describes a Postfix bounce this file does not contain',
  },
  'bounce-dsn/zammad__mail087.box': {
    accept: ['human'],
    reason: 'a fax gateway telling "Sie haben soeben ein neues Fax empfangen" under the subject "Failed Mail": no report, machine sender, automatic header or failure text says bounce; it refers to no mail of ours, so routing drops it',
  },
}

/** Mails in "other" that the sources call negative controls: a person's mail that must stay 'human'. */
const NEGATIVE_CONTROLS = [
  'other/set-of-emails__is-not-bounce-01.eml',
  'other/set-of-emails__is-not-bounce-02.eml',
  'other/utilus__getHeaderData.headers.eml',
  'other/zammad-spec__regular-exchange.eml',
  'other/zammad-spec__regular-zimbra.eml',
]

async function classify(file: string): Promise<Classification> {
  return classifyMessage(await parseMessage(readCorpusFile(file)), OURS)
}

/**
 * SPEC §11 step 2: a mail a mailing list delivered (List-Id and the other RFC 2369 headers, Precedence
 * list/bulk) is automatic and never answered, even when a person wrote it — the desk's reply addresses
 * are private, so a genuine reply never comes through a list.
 */
async function isListDelivered(file: string): Promise<boolean> {
  const message = await parseMessage(readCorpusFile(file))
  const precedence = (message.headers.precedence?.[0] ?? '').trim().toLowerCase()
  return ['list-id', 'list-unsubscribe', 'list-post', 'list-help'].some(name => message.headers[name]) ||
    precedence === 'list' || precedence === 'bulk'
}

async function rate(label: string, files: string[], expectedKind: MessageKind, exceptLists = false): Promise<string[]> {
  const wrong: string[] = []
  let passed = 0
  let excused = 0
  for (const file of files) {
    const result = await classify(file)
    const expected = exceptLists && await isListDelivered(file) ? 'auto-reply' : expectedKind
    if (result.kind === expected) passed++
    else if (AMBIGUOUS[file]?.accept.includes(result.kind)) excused++
    else wrong.push(`${file}: ${result.kind} (${result.reason})`)
  }
  const note = excused > 0 ? `, ${excused} documented exception${excused > 1 ? 's' : ''}` : ''
  console.log(`corpus classify ${label}: ${((100 * passed) / files.length).toFixed(1)}% (${passed}/${files.length}${note})`)
  return wrong
}

describe('corpus: inbound mail is classified before anything answers it', function () {
  this.timeout(120000)

  it('classifies every automatic reply in the corpus as auto-reply', async () => {
    const files = mailFilesOf('auto-reply')
    expect(files.length).to.be.greaterThan(15)
    expect(await rate('auto-reply', files, 'auto-reply')).to.deep.equal([])
  })

  it('classifies every bounce and delivery report in the corpus as bounce', async () => {
    const files = mailFilesOf('bounce-dsn')
    expect(files.length).to.be.greaterThan(50)
    expect(await rate('bounce', files, 'bounce')).to.deep.equal([])
  })

  it("classifies every person's quoted reply as human, but one a mailing list delivered as automatic (SPEC §11 step 2)", async () => {
    const files = mailFilesOf('reply-quoted')
    expect(files.length).to.be.greaterThan(30)
    expect(await rate('human (reply-quoted; list-delivered ones automatic)', files, 'human', true)).to.deep.equal([])
  })

  it('keeps the negative controls (a forward as attachment, an Exchange rule loop header alone) human', async () => {
    expect(await rate('human (negative controls)', NEGATIVE_CONTROLS, 'human')).to.deep.equal([])
  })

  it('reads the original Message-ID, the failed recipient and the status of the bounces that carry them', async () => {
    let reports = 0
    let withRecipient = 0
    let withStatus = 0
    let withOriginal = 0
    for (const file of mailFilesOf('bounce-dsn')) {
      const result = await classify(file)
      if (result.kind !== 'bounce' || !result.reason.startsWith('multipart/report')) continue
      reports++
      if (result.bounce?.recipient) withRecipient++
      if (result.bounce?.status) withStatus++
      if (result.bounce?.originalMessageId) withOriginal++
    }
    console.log(`corpus bounce details (${reports} delivery reports): recipient ${withRecipient}, status ${withStatus}, original Message-ID ${withOriginal}`)
    // Some returned messages in the corpus are cut off before their headers; every report names a recipient.
    expect(withRecipient).to.equal(reports)
    expect(withStatus).to.be.at.least(reports - 3)
    expect(withOriginal).to.be.at.least(Math.floor(reports * 0.75))
  })

  it('reads the DSN of an Amazon SES failure as mailparser’s own test does', async () => {
    const result = await classify('bounce-dsn/mailparser__delivery-status.eml')
    expect(result.kind).to.equal('bounce')
    expect(result.bounce).to.include({recipient: 'xxxx@xxxx.com', status: '5.1.1', action: 'failed', originalMessageId: '<xxxxx@email.amazonses.com>'})
  })

  it('marks a delay notice as delayed, so that the outbox row is not taken for bounced', async () => {
    for (const file of ['bounce-dsn/mail__multipart_report_emails__report_422.eml', 'bounce-dsn/set-of-emails__lhost-outlook-06.eml', 'bounce-dsn/zammad__mail078.box']) {
      const result = await classify(file)
      expect(result.kind, file).to.equal('bounce')
      expect(result.bounce?.action, file).to.equal('delayed')
      expect(result.bounce?.status, file).to.match(/^4\./)
    }
  })
})
