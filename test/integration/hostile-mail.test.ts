/**
 * Issue 5, hostile mail (SPEC §11): mail made to hurt the bot — spoofed senders with stolen receipt
 * numbers, forged automatic, loop and bounce headers, header injection, a 20 MB attachment, MIME nested
 * 200 deep, lying charsets, a 10,000-character field, control characters, HTML with scripts — and then
 * the whole shared test-mail corpus, each read by the real `nss daemon --once` from the desk's Maildir.
 * Nothing crashes, every message gets one outcome, nothing unauthenticated changes an application, and
 * no answer goes to a spoofer, an automatic responder or a bounce sender (the spool folder holds every
 * mail the desk wrote).
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {bounceAddressFor, mailboxOf} from '../../src/mail/reply-address'
import {BIN, CliResult, nss, openStoreReadOnly, ROOT, seededDesk} from '../support/cli'
import {corpusPath, readManifest} from '../support/corpus'
import {applicationsUnderQuery} from '../support/in-process'
import {
  deliverToMaildir, editForm, encodeIso2022Jp, encodeQuotedPrintable, formOf, maildirState, newMessageId, readQueryMail, readSpool, SentMail, statusOf,
} from '../support/replies'
import {withStoreEnv} from '../support/store'

const DESK = 'nss@nss-desk.localhost'
const REGISTERED = ['taro@example.jp', 'admin@example.jp']
/** C0 and C1 controls other than tab and line ends, and the bidirectional overrides (terminal and display tricks). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

/** A message from parts, lines ending in CRLF; header text must be ASCII (non-ASCII goes in encoded words). */
function rfc822(headers: string[], body: string): Buffer {
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1')
}

/** An RFC 2047 encoded word (UTF-8, base64) of any text, control characters included. */
function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`
}

/** UTF-8 text as base64 lines. */
function base64Body(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
}

interface ReplyParts {
  from?: string
  to?: string
  subject?: string
  headers?: string[]
  /** Content-Type and further MIME headers of the body; UTF-8 text/plain in base64 by default. */
  mime?: string[]
  /** The body as it goes on the wire (already encoded). */
  body?: string
  /** Text for the default body. */
  text?: string
  isUnthreaded?: boolean
}

/** A reply to a query mail, in the parts given; the rest as a mail client writes it. */
function replyTo(query: SentMail, parts: ReplyParts): Buffer {
  return rfc822([
    `From: ${parts.from ?? 'Taro Tsukan <taro@example.jp>'}`,
    `To: ${parts.to ?? query.replyTo}`,
    `Subject: ${parts.subject ?? encodedWord(`Re: ${query.subject}`)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${newMessageId('example.jp')}`,
    ...(parts.isUnthreaded ? [] : [`In-Reply-To: ${query.messageId}`, `References: ${query.messageId}`]),
    'MIME-Version: 1.0',
    ...(parts.headers ?? []),
    ...(parts.mime ?? ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64']),
  ], parts.body ?? base64Body(parts.text ?? ''))
}

type Outcome = 'amended' | 'withdrawn' | 'office-message' | 'empty-reply' | 'reply-error' | 'unsigned' | 'unauthenticated' | 'auto-reply' | 'own' | 'bounce-unverified' | 'bounce-unmatched' | 'unparseable'

interface HostileCase {
  name: string
  build: (query: SentMail, form: string) => Buffer
  /** The outcome it must get; a list when any of them is a typed, harmless result. */
  outcome: Outcome | Outcome[]
  /** The application's status afterwards (default: unchanged, `query`). */
  status?: string
}

const withdrawForm = (form: string) => editForm(form, {操作: '取下げ'})
const amendForm = (form: string, remarks: string) => editForm(form, {操作: '修正', 備考: remarks})
/** A multipart nested `depth` deep, the text part innermost. */
function nestedMultipart(depth: number, text: string): {mime: string[]; body: string} {
  let body = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', base64Body(text)].join('\r\n')
  for (let level = depth; level > 1; level--) {
    const boundary = `b${level}`
    body = [`Content-Type: multipart/mixed; boundary="${boundary}"`, '', `--${boundary}`, body, `--${boundary}--`, ''].join('\r\n')
  }
  return {mime: ['Content-Type: multipart/mixed; boundary="b1"'], body: ['--b1', body, '--b1--', ''].join('\r\n')}
}
/** A message/rfc822 nested `depth` deep, the text innermost. */
function nestedMessages(depth: number, text: string): {mime: string[]; body: string} {
  let body = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', base64Body(text)].join('\r\n')
  for (let level = depth; level > 1; level--) {
    body = [`Subject: level ${level}`, `From: x${level}@example.org`, 'MIME-Version: 1.0', 'Content-Type: message/rfc822', '', body].join('\r\n')
  }
  return {mime: ['Content-Type: message/rfc822'], body}
}

const CASES: HostileCase[] = [
  // Spoofed senders: a stolen receipt number or a whole stolen query mail.
  {name: 'a stranger naming a stolen receipt number in the subject, to the plain desk address', outcome: 'unauthenticated',
    build: q => replyTo(q, {from: 'attacker@evil.example', to: DESK, isUnthreaded: true, subject: encodedWord(`【${/【(\w+)】/.exec(q.subject)![1]}】取下げ`), text: '取下げ'})},
  {name: 'a stranger with the whole stolen query mail, the display name faking the registered address', outcome: 'unauthenticated',
    build: (q, form) => replyTo(q, {from: '"taro@example.jp" <attacker@evil.example>', text: `取下げ\n\n${withdrawForm(form)}`})},
  {name: 'a stranger with the stolen query mail and Sender: the registered address', outcome: 'unauthenticated',
    build: (q, form) => replyTo(q, {from: 'attacker@evil.example', headers: ['Sender: taro@example.jp'], text: withdrawForm(form)})},
  {name: 'a forged From: the registered address without the token, Reply-To: the spoofer', outcome: 'unsigned',
    build: (q, form) => replyTo(q, {to: DESK, headers: ['Reply-To: attacker@evil.example'], text: `取下げ\n\n${withdrawForm(form)}`})},
  // Forged machine headers on an otherwise valid, acting reply: recorded, never acted on or answered.
  {name: 'Auto-Submitted: auto-notified', outcome: 'auto-reply', build: (q, form) => replyTo(q, {headers: ['Auto-Submitted: auto-notified'], text: withdrawForm(form)})},
  {name: 'auto-submitted in lower case with a comment', outcome: 'auto-reply',
    build: (q, form) => replyTo(q, {headers: ['auto-submitted: Auto-Replied (vacation)'], text: withdrawForm(form)})},
  {name: 'Precedence: list', outcome: 'auto-reply', build: (q, form) => replyTo(q, {headers: ['Precedence: list'], text: withdrawForm(form)})},
  {name: 'List-Id', outcome: 'auto-reply', build: (q, form) => replyTo(q, {headers: ['List-Id: Office news <news.example.jp>'], text: withdrawForm(form)})},
  {name: 'X-Autorespond', outcome: 'auto-reply', build: (q, form) => replyTo(q, {headers: ['X-Autorespond: yes'], text: withdrawForm(form)})},
  {name: 'our own loop header', outcome: 'own', build: (q, form) => replyTo(q, {headers: ['X-NSS-Loop: nss-desk.localhost'], text: withdrawForm(form)})},
  {name: 'a forged bounce to a VERP address with a made-up token', outcome: 'bounce-unmatched',
    build: q => replyTo(q, {
      from: 'MAILER-DAEMON@mx.evil.example', subject: 'Undelivered Mail Returned to Sender', headers: ['Return-Path: <>'],
      // The address of outbox row 1 (the first receipt mail), signed with another key.
      to: bounceAddressFor(mailboxOf(DESK), Buffer.alloc(32, 7), 1), isUnthreaded: true,
      text: `This is the mail system.\n\n<${REGISTERED[0]}>: User unknown`,
    })},
  {name: 'a forged delivery report quoting a Message-ID that is not ours', outcome: 'bounce-unmatched',
    build: q => replyTo(q, {
      from: 'MAILER-DAEMON@mx.evil.example', subject: 'Delivery Status Notification (Failure)', headers: ['Return-Path: <>'], isUnthreaded: true,
      mime: ['Content-Type: multipart/report; report-type=delivery-status; boundary="r"'],
      body: ['--r', 'Content-Type: text/plain', '', 'failed', '--r', 'Content-Type: message/delivery-status', '',
        'Reporting-MTA: dns; mx.evil.example', '', 'Final-Recipient: rfc822; taro@example.jp', 'Action: failed', 'Status: 5.1.1', '',
        '--r', 'Content-Type: text/rfc822-headers', '', 'Message-ID: <not-ours@elsewhere.example>', '--r--', ''].join('\r\n'),
    })},
  {name: 'a forged delivery report quoting the real Message-ID of the query mail, to the plain desk address', outcome: 'bounce-unverified',
    build: q => replyTo(q, {
      from: 'MAILER-DAEMON@mx.evil.example', to: DESK, subject: 'Delivery Status Notification (Failure)', headers: ['Return-Path: <>'], isUnthreaded: true,
      mime: ['Content-Type: multipart/report; report-type=delivery-status; boundary="r"'],
      body: ['--r', 'Content-Type: text/plain', '', 'failed', '--r', 'Content-Type: message/delivery-status', '',
        'Reporting-MTA: dns; mx.evil.example', '', 'Final-Recipient: rfc822; taro@example.jp', 'Action: failed', 'Status: 5.1.1', '',
        '--r', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${q.messageId}`, '--r--', ''].join('\r\n'),
    })},
  // Header injection: CR/LF and a Bcc in the subject, the display name and a form value.
  // The form value's CR/LF splits the line: the `Bcc:` line stands in the form, where the quote
  // stripping leaves it, and the form parser refuses it by name — nothing acts on a form with it.
  {name: 'CR/LF + Bcc in the subject and in a form value', outcome: 'reply-error',
    build: (q, form) => replyTo(q, {
      subject: encodedWord(`Re: ${q.subject}\r\nBcc: evil@x.example`),
      mime: ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable'],
      body: encodeQuotedPrintable(Buffer.from(amendForm(form, 'PLACEHOLDER').replace(/\n/g, '\r\n'), 'utf8'))
        .replace('PLACEHOLDER', 'x=0D=0ABcc: evil@x.example=0D=0A'),
    })},
  {name: 'CR/LF + Bcc in the subject of a valid amendment', outcome: 'amended', status: 'superseded',
    build: (q, form) => replyTo(q, {subject: encodedWord(`Re: ${q.subject}\r\nBcc: evil@x.example\r\n`), text: amendForm(form, 'ヘッダー注入なし')})},
  {name: 'CR/LF + Bcc in the display name of a valid withdrawal', outcome: 'withdrawn', status: 'withdrawn',
    build: (q, form) => replyTo(q, {from: `${encodedWord('Taro\r\nBcc: evil@x.example')} <taro@example.jp>`, text: withdrawForm(form)})},
  // Deep MIME: read, or refused with a typed outcome — never a stack overflow. A form the parser does not
  // reach leaves a reply without a form: a message from the office, or an empty one (issue 14).
  {name: 'multipart nested 200 deep', outcome: ['withdrawn', 'reply-error', 'office-message', 'empty-reply', 'unparseable'], status: undefined,
    build: (q, form) => replyTo(q, nestedMultipart(200, withdrawForm(form)))},
  {name: 'message/rfc822 nested 200 deep', outcome: ['withdrawn', 'reply-error', 'office-message', 'empty-reply', 'unparseable'], status: undefined,
    build: (q, form) => replyTo(q, nestedMessages(200, withdrawForm(form)))},
  // Charsets that lie or do not exist.
  {name: 'an unknown charset label on UTF-8 text', outcome: 'withdrawn', status: 'withdrawn',
    build: (q, form) => replyTo(q, {mime: ['Content-Type: text/plain; charset="x-no-such-charset"', 'Content-Transfer-Encoding: base64'], text: withdrawForm(form)})},
  {name: 'UTF-8 with invalid byte sequences', outcome: 'withdrawn', status: 'withdrawn',
    build: (q, form) => replyTo(q, {
      mime: ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      body: (Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a]), Buffer.from(`${withdrawForm(form)}\n`, 'utf8'), Buffer.from([0xed, 0xa0, 0x80])])
        .toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'),
    })},
  {name: 'ISO-2022-JP with broken escape sequences around the form', outcome: 'withdrawn', status: 'withdrawn',
    build: (q, form) => replyTo(q, {
      mime: ['Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
      body: `\x1b$B$3$s\x1b$\r\n\x1b(J\x1b$@\x1b(B\r\n${withdrawForm(form).split('\n').map(line => encodeIso2022Jp(line).toString('latin1')).join('\r\n')}\r\n\x1b$B$3`,
    })},
  {name: 'an encoded-word subject in a charset that does not exist', outcome: 'withdrawn', status: 'withdrawn',
    build: (q, form) => replyTo(q, {subject: '=?x-bogus-7?B?gqCCooKk?= =?utf-8?Q?=FF=FE?=', text: withdrawForm(form)})},
  // A field far over its limit, control characters, HTML with scripts.
  {name: 'a 10,000-character remarks field', outcome: 'reply-error', build: (q, form) => replyTo(q, {text: amendForm(form, 'あ'.repeat(10_000))})},
  {name: 'control characters (ESC, BEL, NUL, bidi override) in a form value', outcome: 'reply-error',
    build: (q, form) => replyTo(q, {text: amendForm(form, '\u001b[31m赤\u0007\u0000\u202e逆')})},
  {name: 'control characters in the subject and the display name of a stranger', outcome: 'unauthenticated',
    build: (q, form) => replyTo(q, {
      from: `${encodedWord('\u001b]0;owned\u0007\u0000Evil')} <attacker@evil.example>`, subject: encodedWord(`Re: \u001b[2J\u0000${q.subject}\u009b`),
      text: withdrawForm(form),
    })},
  {name: 'HTML with a script and a style holding form lines', outcome: 'amended', status: 'superseded',
    build: (q, form) => replyTo(q, {
      mime: ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      text: `<html><head><style>p::after { content: "備考: スタイルの修正" }</style>` +
        `<script>document.write("操作: 取下げ"); var x = "備考: スクリプトの修正"</script></head><body>` +
        `<p>${amendForm(form, '本文の修正').split('\n').join('<br>\n')}</p><script>alert("備考: スクリプトの修正")</script></body></html>`,
    })},
  // Issue 14: a reply without a (visible) form is a message from the office, not a reply-error.
  {name: 'HTML whose only form is inside a script and a comment', outcome: 'office-message',
    build: (q, form) => replyTo(q, {
      mime: ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      text: `<html><body><p>よろしくお願いします。</p><script>/*\n${withdrawForm(form)}\n*/</script><!--\n${withdrawForm(form)}\n--></body></html>`,
    })},
]

/** Runs `nss daemon --once --json` and samples its peak resident memory (VmHWM) until it exits. */
function daemonOnceMeasured(env: Record<string, string>): Promise<CliResult & {peakKb: number}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'daemon', '--once', '--json'], {cwd: ROOT, env: withStoreEnv({...process.env, NO_COLOR: '1', ...env})})
    let stdout = ''
    let stderr = ''
    let peakKb = 0
    const sample = () => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]))
      } catch {
        // exited between two samples
      }
    }
    const timer = setInterval(sample, 5)
    child.stdout.on('data', d => { stdout += d })
    child.stderr.on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('exit', () => sample())
    child.on('close', code => {
      clearInterval(timer)
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({code: code ?? -1, stdout, stderr, json, peakKb})
    })
  })
}

/** The header block of a raw message, unfolded, one field per entry. */
function headerFields(raw: Buffer): string[] {
  const text = raw.toString('latin1')
  return text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)
}

describe('hostile mail (SPEC §11)', function () {
  this.timeout(600_000)

  it('survives every hostile case: one typed outcome each, no change from unauthenticated mail, no answer but to registered addresses, no injected header', async function () {
    const desk = seededDesk()
    const receiptNos = await applicationsUnderQuery(desk.home, CASES.length, {deliver: true})
    const before = new Set((await readSpool(desk.home)).map(m => m.file))
    const messageIds: string[] = []
    for (const [i, hostile] of CASES.entries()) {
      const query = await readQueryMail(desk.home, receiptNos[i])
      const raw = hostile.build(query, formOf(query.text))
      messageIds.push(/^Message-ID: (\S+)/m.exec(raw.toString('latin1'))![1])
      deliverToMaildir(desk.home, raw, `${1000 + i}.hostile`)
    }

    const run = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: desk.home, NSS_REPLY_ERROR_LIMIT: '100'}})
    expect(run.code, run.stdout + run.stderr).to.equal(0)
    const results = run.json.lastCycle.inbound as any[]
    expect(results.map(r => r.ref)).to.deep.equal(CASES.map((_, i) => `${1000 + i}.hostile`))
    expect(maildirState(desk.home).fresh).to.deep.equal([])

    const db = openStoreReadOnly(desk.home)
    let rows: any[]
    try {
      rows = db.prepare('SELECT messageId, state, outcome, receiptNo, subject, fromAddress, detail FROM inbound_messages ORDER BY id').all() as any[]
    } finally {
      db.close()
    }
    const lines: string[] = []
    for (const [i, hostile] of CASES.entries()) {
      const result = results[i]
      const allowed = ([] as Outcome[]).concat(hostile.outcome)
      expect(allowed, `${hostile.name}: ${JSON.stringify(result)}`).to.include(result.outcome)
      const view = statusOf(desk, receiptNos[i])
      const status = view.status
      const expectedStatus = hostile.status ?? (result.outcome === 'withdrawn' ? 'withdrawn' : result.outcome === 'amended' ? 'superseded' : 'query')
      expect(status, hostile.name).to.equal(expectedStatus)
      // No forged bounce marks a mail: the application's mails are all still sent.
      expect(view.mail.filter((m: any) => m.status === 'bounced'), hostile.name).to.deep.equal([])
      const row = rows.find(r => r.messageId === messageIds[i])
      expect(row, hostile.name).to.not.equal(undefined)
      // Stored text an operator sees in `nss mail inbound` carries no control characters.
      for (const field of ['subject', 'fromAddress', 'detail'] as const) expect(CONTROL.test(row[field] ?? ''), `${hostile.name}: ${field} ${JSON.stringify(row[field])}`).to.equal(false)
      lines.push(`${result.outcome}`)
    }
    expect(rows).to.have.length(CASES.length)

    // The answers: only to registered addresses, each with the desk's headers and nothing injected.
    const answers = (await readSpool(desk.home)).filter(m => !before.has(m.file))
    for (const answer of answers) {
      expect(REGISTERED, `${answer.subject} to ${answer.to}`).to.include.members(answer.to)
      const fields = headerFields(answer.raw)
      expect(fields.filter(f => /^(bcc|cc):/i.test(f)), answer.subject).to.deep.equal([])
      expect(fields.join('\n'), answer.subject).to.not.match(/evil|attacker/i)
    }
    // The explanation to a sender without a valid token is threaded to nothing (issue 11 point 6): it is
    // found by its application's receipt number instead.
    const answered = (i: number) => answers.filter(a => results[i].outcome === 'unsigned'
      ? a.subject.startsWith(`【${receiptNos[i]}】`) && a.inReplyTo === null
      : a.inReplyTo === messageIds[i])
    for (const [i, hostile] of CASES.entries()) {
      const outcome = results[i].outcome
      const expectedAnswers = ['amended', 'withdrawn', 'reply-error', 'unsigned'].includes(outcome) ? 1 : 0
      expect(answered(i).length, `${hostile.name} (${outcome})`).to.equal(expectedAnswers)
    }
    // The spoof with Reply-To: the explanation went to the registered address, not to the spoofer.
    const unsigned = CASES.findIndex(c => c.outcome === 'unsigned')
    expect(answered(unsigned).map(a => a.to)).to.deep.equal([['taro@example.jp']])
    // The field over its limit and the control characters are named in the reply-error.
    const tooLong = answered(CASES.findIndex(c => c.name.startsWith('a 10,000')))[0]
    expect(tooLong.text).to.contain('備考は240文字以内で入力してください。')
    expect(tooLong.text.length, 'the answer does not echo 10,000 characters').to.be.below(9000)
    const injected = answered(CASES.findIndex(c => c.name === 'CR/LF + Bcc in the subject and in a form value'))[0]
    expect(injected.text).to.match(/\d+行目: 「Bcc」は返信フォームの項目ではありません。/)
    const controls = answered(CASES.findIndex(c => c.name.startsWith('control characters (ESC')))[0]
    expect(controls.text).to.contain('備考').and.contain('制御文字')
    expect(CONTROL.test(controls.text)).to.equal(false)
    // No stored application carries the injected header.
    const dbAfter = openStoreReadOnly(desk.home)
    try {
      expect(dbAfter.prepare(`SELECT receiptNo FROM applications WHERE remarks LIKE '%evil%' OR contact LIKE '%evil%'`).all()).to.deep.equal([])
    } finally {
      dbAfter.close()
    }
    // The HTML reply: the remarks came from the visible text, never from a script or a style.
    const html = CASES.findIndex(c => c.name.startsWith('HTML with a script'))
    const amendedTo = statusOf(desk, receiptNos[html]).supersededBy
    const amended = statusOf(desk, amendedTo)
    expect(amended.remarks).to.equal('本文の修正')
    expect(JSON.stringify(amended)).to.not.match(/スクリプト|スタイル/)
    // The HTML reply whose form hides in a script and a comment: its visible text is the office's message, nothing hidden.
    const hidden = statusOf(desk, receiptNos[CASES.findIndex(c => c.name.startsWith('HTML whose only form'))])
    expect(hidden.log.filter((l: any) => l.item === '事業所からの連絡').map((l: any) => l.notice)).to.deep.equal(['よろしくお願いします。'])

    const counts = new Map<string, number>()
    for (const outcome of lines) counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
    console.log(`      ${CASES.length} hostile messages: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
      `${answers.length} answers, all to registered addresses, no injected header; crashes 0`)
    for (const [i, hostile] of CASES.entries()) console.log(`        ${results[i].outcome.padEnd(16)} ${hostile.name}`)
  })

  it('records a 20 MB attachment as too-large without reading the message into memory, and changes nothing', async function () {
    const desk = seededDesk()
    const [receiptNo] = await applicationsUnderQuery(desk.home, 1, {deliver: true})
    const query = await readQueryMail(desk.home, receiptNo)
    const attachment = (Buffer.alloc(20 * 1024 * 1024, 0x5a).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
    const raw = replyTo(query, {
      mime: ['Content-Type: multipart/mixed; boundary="att"'],
      body: ['--att', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', base64Body(withdrawForm(formOf(query.text))),
        '--att', 'Content-Type: application/octet-stream; name="big.bin"', 'Content-Disposition: attachment; filename="big.bin"',
        'Content-Transfer-Encoding: base64', '', attachment, '--att--', ''].join('\r\n'),
    })
    expect(raw.length).to.be.above(20 * 1024 * 1024)
    const env = {NSS_HOME: desk.home}

    // The same daemon run with nothing to read, for the memory it needs anyway.
    const idle = await daemonOnceMeasured(env)
    expect(idle.code, idle.stderr).to.equal(0)
    const ref = deliverToMaildir(desk.home, raw)
    const big = await daemonOnceMeasured(env)
    expect(big.code, big.stderr).to.equal(0)
    expect(big.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome])).to.deep.equal([[ref, 'too-large']])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    const db = openStoreReadOnly(desk.home)
    try {
      const row = db.prepare('SELECT state, kind, size, raw FROM inbound_messages').get() as any
      expect(row).to.deep.equal({state: 'failed', kind: 'too-large', size: raw.length, raw: null})
    } finally {
      db.close()
    }
    const grewKb = big.peakKb - idle.peakKb
    console.log(`      ${(raw.length / 1024 / 1024).toFixed(1)} MB message: too-large; peak memory ${Math.round(idle.peakKb / 1024)} MB idle, ` +
      `${Math.round(big.peakKb / 1024)} MB with it (${grewKb >= 0 ? '+' : ''}${Math.round(grewKb / 1024)} MB)`)
    expect(idle.peakKb, 'the memory of the daemon could be read').to.be.above(0)
    // Reading it whole would hold at least its 20 MB (and its base64 copy for the store) at once; read
    // whole and parsed (with NSS_MAX_MESSAGE_BYTES raised) it takes several hundred MB.
    expect(grewKb, 'the message was not read into memory whole').to.be.below(raw.length / 1024 / 2)
    fs.rmSync(desk.home, {recursive: true, force: true})
  })

  it('reads the whole test-mail corpus through the daemon: no crash, one outcome per message, nothing answered', async function () {
    const desk = seededDesk()
    await applicationsUnderQuery(desk.home, 3, {deliver: true})
    const before = (await readSpool(desk.home)).length
    const files = readManifest().filter(row => /\.(eml|box|raw)$/.test(row.file)).map(row => row.file)
    expect(files.length, 'the corpus has its mail').to.be.above(100)
    files.forEach((file, i) => deliverToMaildir(desk.home, fs.readFileSync(corpusPath(file)), `${String(i).padStart(4, '0')}.${path.basename(file)}`))

    const run = nss(['daemon', '--once', '--json'], {env: {NSS_HOME: desk.home}})
    expect(run.code, run.stdout.slice(0, 2000) + run.stderr.slice(-2000)).to.equal(0)
    const results = run.json.lastCycle.inbound as any[]
    expect(results).to.have.length(files.length)
    expect(maildirState(desk.home).fresh).to.deep.equal([])
    const counts = new Map<string, number>()
    for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1)
    const failed = nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    console.log(`      corpus: ${files.length} messages → ${[...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
      `${failed.length} kept as failed for reprocessing; ${(await readSpool(desk.home)).length - before} answers`)
    expect(results.filter(r => r.outcome === 'error').map(r => r.ref), 'no message met a bug').to.deep.equal([])
    expect(results.filter(r => ['amended', 'withdrawn'].includes(r.outcome)), 'nothing in the corpus acts').to.deep.equal([])
    expect((await readSpool(desk.home)).length - before, 'nothing in the corpus is answered').to.equal(0)
  })
})
