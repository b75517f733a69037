/**
 * Issue 14: messages from offices and the attachments of authenticated replies, through the real CLI,
 * `nss daemon --once` reading a real Maildir and a real `nss serve`. A reply without a form (a question,
 * "please call me") is a 進行状況 entry 事業所からの連絡 with its new text — quotes and signature
 * stripped —, the staff are notified and the office gets no reply-error; the files attached to an
 * authenticated reply are kept (type checked against the bytes), listed by `status RECEIPT` and saved
 * byte for byte by `nss attachment ID --out FILE` for the office or a reviewer only, locally and remotely.
 */
import {expect} from 'chai'
import {createHash, randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {CliResult, nss, seededDesk, SeededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, readQueryMail, readSpool, sentMailsOf, SentMail,
} from '../support/replies'
import {createToken, startServerSync, testCa} from '../support/server'

const SATO = 'sato@center.example.jp'

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

/** A tiny valid PDF: header, one empty page, cross-reference table, trailer. */
function tinyPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\n',
  ]
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += object
  }
  const xref = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map(o => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  // Some binary after the header comment, as real PDFs have, so that a text-mode copy would show.
  return Buffer.concat([Buffer.from(body, 'latin1'), Buffer.from([0, 255, 13, 10, 26])])
}

interface File {
  filename: string
  contentType: string
  bytes: Buffer
}

/**
 * The reply as multipart/mixed with files attached, the way a mail client sends it: the reply's own
 * entity (its Content-* headers and body) becomes the first part, each file a base64 part after it.
 */
function withAttachments(reply: Buffer, files: File[]): Buffer {
  const text = reply.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const lines = text.slice(0, end).split('\r\n')
  const outer: string[] = []
  const inner: string[] = []
  let target = outer
  for (const line of lines) {
    if (/^[ \t]/.test(line)) target.push(line)
    else {
      target = /^content-/i.test(line) ? inner : outer
      target.push(line)
    }
  }
  const boundary = `----=_Mixed_${randomBytes(6).toString('hex')}`
  const parts = files.map(file => [
    `--${boundary}`,
    `Content-Type: ${file.contentType}; name="${file.filename}"`,
    `Content-Disposition: attachment; filename="${file.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    file.bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
  ].join('\r\n'))
  return Buffer.from([
    ...outer, `Content-Type: multipart/mixed; boundary="${boundary}"`, '',
    `--${boundary}`, ...inner, '', text.slice(end + 4),
    ...parts, `--${boundary}--`, '',
  ].join('\r\n'), 'latin1')
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('messages from offices and the attachments of their replies (issue 14)', function () {
  this.timeout(240_000)
  let desk: SeededDesk
  let out: string

  const outbox = (receiptNo: string) => must(nss(['mail', 'outbox', '--receipt', receiptNo, '--json'], {env: desk.ops}), 'outbox').mails as any[]
  const officeMessages = (view: any) => view.log.filter((l: any) => l.item === '事業所からの連絡')
  const staffNoticeMails = async (receiptNo: string): Promise<SentMail[]> =>
    (await readSpool(desk.home)).filter(m => m.subject.startsWith(`【${receiptNo}】`) && m.to.includes(SATO))

  before(() => {
    desk = seededDesk()
    must(nss(['reviewer', 'set', 'r.sato', '--email', SATO, '--json'], {env: desk.ops}), 'reviewer set')
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-attachments-'))
  })

  it('keeps a reply without a form as 事業所からの連絡, without the quote or the signature, tells the staff, and sends no reply-error', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    // Thunderbird: a `-- ` signature and 「…さんは書きました:」 above the quoted query mail.
    const body = 'お世話になっております。\n内容確認の件、お電話で相談させていただけますか。\n03-1234-5678 までお願いします。'
    const noticesBefore = outbox(receiptNo).filter(m => m.kind === 'staff-notice').length
    deliverToMaildir(desk.home, buildReply(query, {client: 'thunderbird', charset: 'iso-2022-jp', body, fromName: '通関 太郎'}))
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['office-message'])

    expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)
    const view = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect(view.status).to.equal('query')
    const messages = officeMessages(view)
    expect(messages.map((m: any) => m.notice)).to.deep.equal([body])
    expect(messages[0].notice).to.not.contain('書きました').and.not.contain('>').and.not.contain('通関 太郎')
    // The reviewer sees the same entry; an office's screen never shows the staff's notice.
    expect(officeMessages(must(nss(['status', receiptNo, '--json'], {env: desk.reviewer}), 'reviewer status')).map((m: any) => m.notice)).to.deep.equal([body])
    expect(view.mail.map((m: any) => m.kind)).to.not.include('staff-notice')
    expect(view.attachments).to.deep.equal([])
    // The human 参照 screen names the entry.
    expect(nss(['status', receiptNo], {env: desk.office}).stdout).to.contain('事業所からの連絡').and.contain('03-1234-5678')

    // The staff's notice of the message, beside that of the application itself.
    const notices = outbox(receiptNo).filter(m => m.kind === 'staff-notice')
    expect(notices.slice(noticesBefore).map(m => m.to)).to.deep.equal([[SATO]])
    const mails = (await staffNoticeMails(receiptNo)).filter(m => m.text.includes('03-1234-5678'))
    expect(mails).to.have.length(1)
    expect(mails[0].subject + mails[0].text).to.contain('事業所からの連絡')
  })

  it('records an empty reply without a log entry, a notice or a reply-error', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const noticesBefore = outbox(receiptNo).filter(m => m.kind === 'staff-notice').length
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: ''}))
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['empty-reply'])
    expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)
    expect(officeMessages(must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status'))).to.deep.equal([])
    expect(outbox(receiptNo).filter(m => m.kind === 'staff-notice')).to.have.length(noticesBefore)
  })

  it('still answers a reply whose form is wrong with a reply-error, and keeps the text above it', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const form = editForm(formOf(query.text), {操作: '変更'})
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正のつもりです。\n\n${form}`}))
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['reply-error'])
    expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(1)
    expect(officeMessages(must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')).map((m: any) => m.notice))
      .to.deep.equal(['修正のつもりです。'])
  })

  it('keeps the text above the form of an amendment on the new application', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const form = editForm(formOf(query.text), {操作: '修正', 備考: '全IDの初期化に変更'})
    deliverToMaildir(desk.home, buildReply(query, {client: 'outlook', charset: 'iso-2022-jp', body: `ご確認ありがとうございます。\n下記のとおり修正します。\n\n${form}`}))
    const run = daemonOnce(desk.home)
    const [result] = run.json.lastCycle.inbound
    expect(result.outcome, run.stderr).to.equal('amended')
    const amended = must(nss(['status', result.newReceiptNo, '--json'], {env: desk.office}), 'status')
    expect(officeMessages(amended).map((m: any) => m.notice)).to.deep.equal(['ご確認ありがとうございます。\n下記のとおり修正します。'])
    expect(officeMessages(must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status'))).to.deep.equal([])
  })

  it('keeps a PDF attached to a reply, refuses a fake PDF and an executable by name, and saves identical bytes for the office or a reviewer only', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const pdf = tinyPdf()
    const reply = withAttachments(buildReply(query, {client: 'outlook', charset: 'iso-2022-jp', body: '見積書を添付します。'}), [
      {filename: 'mitsumori.pdf', contentType: 'application/pdf', bytes: pdf},
      {filename: 'fake.pdf', contentType: 'application/pdf', bytes: Buffer.from('MZ not a pdf at all')},
      {filename: 'setup.exe', contentType: 'application/x-msdownload', bytes: Buffer.from('MZ\x90\x00')},
    ])
    const noticesBefore = outbox(receiptNo).filter(m => m.kind === 'staff-notice').length
    deliverToMaildir(desk.home, reply)
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['office-message'])
    expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)

    const view = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect(view.attachments).to.have.length(1)
    const [listed] = view.attachments
    expect(listed).to.deep.equal({id: listed.id, filename: 'mitsumori.pdf', contentType: 'application/pdf', size: pdf.length})
    const [message] = officeMessages(view)
    expect(message.notice).to.match(/^見積書を添付します。/)
    expect(message.notice).to.contain('添付: mitsumori.pdf')
      .and.contain('添付を受け付けませんでした: fake.pdf — 内容が application/pdf ではありません')
      .and.contain('添付を受け付けませんでした: setup.exe — 受け付けない形式です (application/x-msdownload)')
    expect(nss(['status', receiptNo], {env: desk.office}).stdout).to.contain('添付ファイル').and.contain('mitsumori.pdf')
    expect(JSON.stringify(view)).to.not.contain(pdf.subarray(0, 9).toString('base64'))

    const file = path.join(out, 'office.pdf')
    const saved = must(nss(['attachment', String(listed.id), '--out', file, '--json'], {env: desk.office}), 'attachment')
    expect(saved).to.deep.include({id: listed.id, receiptNo, filename: 'mitsumori.pdf', size: pdf.length, sha256: sha256(pdf), out: file})
    expect(saved).to.not.have.property('contentBase64')
    expect(sha256(fs.readFileSync(file))).to.equal(sha256(pdf))
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600)

    // An existing file is refused unless --force, and left as it was.
    fs.writeFileSync(file, 'mine', {mode: 0o644})
    const refused = nss(['attachment', String(listed.id), '--out', file], {env: desk.office})
    expect(refused.code, refused.stderr).to.equal(2)
    expect(refused.stderr).to.contain('--force')
    expect(fs.readFileSync(file, 'utf8')).to.equal('mine')
    must(nss(['attachment', String(listed.id), '--out', file, '--force'], {env: desk.office}), 'attachment --force')
    expect(fs.readFileSync(file).equals(pdf)).to.equal(true)
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600)

    const byReviewer = path.join(out, 'reviewer.pdf')
    expect(nss(['attachment', String(listed.id), '--out', byReviewer], {env: desk.reviewer}).code).to.equal(0)
    expect(fs.readFileSync(byReviewer).equals(pdf)).to.equal(true)

    const byOther = path.join(out, 'other.pdf')
    const other = nss(['attachment', String(listed.id), '--out', byOther, '--json'], {env: desk.other})
    expect(other.code, other.stderr).to.equal(4)
    expect(fs.existsSync(byOther)).to.equal(false)
    expect(nss(['attachment', '999999', '--out', byOther], {env: desk.office}).code).to.equal(3)
    expect(nss(['attachment', 'abc', '--out', byOther], {env: desk.office}).code).to.equal(2)

    expect(outbox(receiptNo).filter(m => m.kind === 'staff-notice')).to.have.length(noticesBefore + 1)
    expect((await staffNoticeMails(receiptNo)).filter(m => m.text.includes('mitsumori.pdf'))).to.have.length(1)
  })

  it('lists and saves the attachment through the desk server; another office\'s token is exit 4', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const pdf = tinyPdf()
    deliverToMaildir(desk.home, withAttachments(buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: '書類をお送りします。'}), [
      {filename: 'shorui.pdf', contentType: 'application/pdf', bytes: pdf},
    ]))
    daemonOnce(desk.home)
    const server = startServerSync(desk.home)
    try {
      const remote = (principal: {office: string} | {reviewer: string}) => ({
        NSS_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'nss-client-')), NSS_URL: server.url, NSS_CA_FILE: testCa().caFile,
        NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '', NSS_TOKEN: createToken(desk.home, principal).token,
      })
      const office = remote({office: 'NACCS01'})
      const view = must(nss(['status', receiptNo, '--json'], {env: office}), 'remote status')
      expect(view.attachments.map((a: any) => [a.filename, a.contentType, a.size])).to.deep.equal([['shorui.pdf', 'application/pdf', pdf.length]])
      const id = String(view.attachments[0].id)
      const file = path.join(out, 'remote.pdf')
      const saved = must(nss(['attachment', id, '--out', file, '--json'], {env: office}), 'remote attachment')
      expect(saved.sha256).to.equal(sha256(pdf))
      expect(sha256(fs.readFileSync(file))).to.equal(sha256(pdf))
      expect(fs.statSync(file).mode & 0o777).to.equal(0o600)
      const byReviewer = path.join(out, 'remote-reviewer.pdf')
      must(nss(['attachment', id, '--out', byReviewer], {env: remote({reviewer: 'r.sato'})}), 'remote reviewer attachment')
      expect(fs.readFileSync(byReviewer).equals(pdf)).to.equal(true)
      const byOther = path.join(out, 'remote-other.pdf')
      const refused = nss(['attachment', id, '--out', byOther, '--json'], {env: remote({office: 'OTHER01'})})
      expect(refused.code, refused.stderr).to.equal(4)
      expect(fs.existsSync(byOther)).to.equal(false)
    } finally {
      void server.stop()
    }
  })

  it('deletes the attachments after NSS_RETENTION_DAYS with the raw text of their reply; the entry still names them', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, withAttachments(buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: '再送します。'}), [
      {filename: 'saisou.pdf', contentType: 'application/pdf', bytes: tinyPdf()},
    ]))
    daemonOnce(desk.home)
    const [listed] = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status').attachments
    expect(listed.filename).to.equal('saisou.pdf')

    const later = nss(['daemon', '--once', '--json'], {env: {...desk.ops, NSS_RETENTION_DAYS: '30'}, at: new Date(Date.now() + 40 * 86_400_000).toISOString()})
    expect(later.code, later.stderr).to.equal(0)
    const purged = later.stderr.split('\n').filter(Boolean).map(line => JSON.parse(line)).find(line => line.msg === 'mail text purged after the retention period')
    expect(purged?.attachments).to.be.greaterThan(0)
    const view = must(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
    expect(view.attachments).to.deep.equal([])
    expect(officeMessages(view)[0].notice).to.contain('saisou.pdf')
    expect(nss(['attachment', String(listed.id), '--out', path.join(out, 'gone.pdf')], {env: desk.office}).code).to.equal(3)
  })
})
