/**
 * Which attachments of an authenticated reply the desk keeps (issue 14, src/app/attachments.ts), and what
 * the office's message keeps of a reply's new text (src/app/process-inbound.use-case.ts textBesideForm).
 */
import {expect} from 'chai'
import {attachmentNotes, judgeAttachments} from '../../../src/app/attachments'
import {textBesideForm} from '../../../src/app/process-inbound.use-case'
import type {AttachmentInfo} from '../../../src/mail/inbound/parse'

const LIMITS = {attachmentMaxCount: 2, attachmentMaxBytes: 100}

function file(filename: string | null, contentType: string, content: Buffer | string, extra: Partial<AttachmentInfo> = {}): AttachmentInfo {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content)
  return {filename, contentType, size: bytes.length, disposition: 'attachment', contentId: null, content: bytes, ...extra}
}

const verdicts = (files: AttachmentInfo[]) => judgeAttachments(files, LIMITS, 'en').map(v => v.kept ? [v.filename, v.contentType] : [v.filename, v.reason])

describe('attachments of authenticated replies (issue 14)', () => {
  it('keeps a PDF whose bytes bear out its type, and refuses a fake PDF and an executable with why', () => {
    expect(verdicts([
      file('a.pdf', 'application/pdf', '%PDF-1.4 …'),
      file('b.pdf', 'application/pdf', 'MZ…'),
      file('c.exe', 'application/x-msdownload', 'MZ'),
    ])).to.deep.equal([
      ['a.pdf', 'application/pdf'],
      ['b.pdf', 'its content is not application/pdf'],
      ['c.exe', 'a type not accepted (application/x-msdownload); accepted are PDF, PNG, JPEG, text, CSV, Excel and Word (xlsx, docx), ZIP'],
    ])
  })

  it('takes the type from the file name when the client sent application/octet-stream, and still checks the bytes', () => {
    expect(verdicts([
      file('申込.csv', 'application/octet-stream', 'a,b\n1,2\n'),
      file('x.png', 'application/octet-stream', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
      file('y.png', 'application/octet-stream', 'not a png'),
    ])).to.deep.equal([
      ['申込.csv', 'text/csv'], ['x.png', 'image/png'], ['y.png', 'its content is not image/png'],
    ])
  })

  it('refuses files over the size limit and beyond the count limit, naming the limit', () => {
    expect(verdicts([
      file('big.txt', 'text/plain', 'x'.repeat(101)),
      file('1.txt', 'text/plain', 'one'),
      file('2.txt', 'text/plain', 'two'),
      file('3.txt', 'text/plain', 'three'),
    ])).to.deep.equal([
      ['big.txt', 'larger than 100 B'], ['1.txt', 'text/plain'], ['2.txt', 'text/plain'], ['3.txt', 'at most 2 attachments per mail'],
    ])
  })

  it('passes over inline images an HTML body shows and parts without a name; keeps a file name without directories', () => {
    expect(verdicts([
      file('image001.png', 'image/png', 'x', {disposition: 'inline', contentId: 'image001.png@01DB'}),
      file(null, 'image/gif', 'GIF89a', {disposition: 'inline'}),
      file('../../etc/passwd.txt', 'text/plain', 'root'),
    ])).to.deep.equal([['passwd.txt', 'text/plain']])
  })

  it('words the notes of the office message in its language', () => {
    const judged = judgeAttachments([file('a.pdf', 'application/pdf', '%PDF-'), file('b.exe', 'application/x-msdownload', 'MZ')], LIMITS, 'ja')
    expect(attachmentNotes(judged, 'ja')).to.deep.equal([
      '添付: a.pdf (5 B)',
      '添付を受け付けませんでした: b.exe — 受け付けない形式です (application/x-msdownload)。PDF、PNG、JPEG、テキスト、CSV、Excel・Word (xlsx, docx)、ZIP を受け付けます',
    ])
  })
})

describe('the text of an office message beside its reply form (issue 14)', () => {
  it('keeps what is above and below the form, not the form, not the signature, not quoted lines', () => {
    const text = [
      'お世話になっております。', '', '', '下記のとおり修正します。',
      '-----ここから返信フォーム-----', '受付番号: 2101910C', '操作: 修正', '-----ここまで返信フォーム-----',
      '> 引用', 'よろしくお願いします。', '-- ', '通関 太郎',
    ].join('\n')
    expect(textBesideForm(text)).to.equal('お世話になっております。\n\n下記のとおり修正します。\nよろしくお願いします。')
    expect(textBesideForm('\n\n')).to.equal('')
  })
})
