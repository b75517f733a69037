/**
 * The new part of a reply (SPEC §11 step 5): quoted text, attribution lines, forwarded headers and
 * signatures stripped, for the mail clients offices use — Japanese ones included, which no npm
 * library handles.
 *
 * The method is the one Discourse's email_reply_trimmer made proven: every line is given a kind —
 * (e)mpty, (d)elimiter, mobile (s)ignature, em(b)edded-mail marker ("On … wrote:", "-----Original
 * Message-----"), mail (h)eader ("From:", "差出人:"), (q)uote ("> ") or (t)ext — and rules over the
 * string of kinds decide what is reply and what is quote. The rules and the line patterns are ours,
 * with the Japanese forms: Gmail's `2021年2月2日(火) 11:15 山田 <x@y.jp>:`, Thunderbird's and
 * Evolution's `…さんは書きました:`, iPhone's `…のメール:`, Outlook's `差出人:`/`送信日時:` block and
 * `-----元のメッセージ-----`, full-width `＞` quotes and `iPhoneから送信`.
 */

/** The new text of a reply and what was taken away from it. */
export interface ExtractedText {
  /** The visible new part: what the sender wrote. */
  text: string
  /** Everything removed (quotes, attributions, forwarded mail, signatures), in order. */
  quoted: string
}

import {replyFormMarkerOf} from '../../domain/reply-form'

type LineKind = 'e' | 'd' | 's' | 'b' | 'h' | 'q' | 't'

// Blank, or a quoted blank line (`>`, `> >`): neither says anything.
const EMPTY = /^[\s\u3000>＞]*$/
// A line of separator characters only: a signature separator, Outlook's underscores, a Japanese rule
// line. U+1427 (ᐧ) is the invisible mark Gmail's tracking extensions append.
const DELIMITER = /^[ \t\u3000]*(?:ᐧ|-- ?|[-_=+~#*—─━―－＝＿]{3,})[ \t\u3000]*$/

const MOBILE_SIGNATURES: RegExp[] = [
  // Japanese: iPhoneから送信, Android から送信, au携帯電話から送信, Outlook for iOS から送信, Yahoo!メールから送信 —
  // a device or mail app must be named, so that a sentence such as "担当から送信" stays text
  /^[ \t\u3000]*[\p{L}\p{N}!.\-_ ]{0,20}(?:iPhone|iPad|Android|Galaxy|Xperia|AQUOS|arrows|Pixel|Outlook|Gmail|Yahoo!?\s?メール|au|docomo|ドコモ|SoftBank|ソフトバンク|携帯|スマートフォン|スマホ|モバイル|タブレット)[\p{L}\p{N}!.\-_ ]{0,20}[ \u3000]?から送信(?:しました|されました)?[。.]?[ \t\u3000]*$/iu,
  /^[ \t\u3000]*Outlook for (?:iOS|Android) を入手/i,
  /^[ \t\u3000]*(?:从我的|從我的) ?iPhone ?(?:发送|傳送)/,
  /^[ \t\u3000]*\w+ from mobile\s*$/i,
  /^[ \t\u3000]*[(<]*Sent (?:from|via|with|by) .{1,80}$/i,
  /^[ \t\u3000]*From my .{1,20} (?:phone|device)/i,
  /^[ \t\u3000]*From my (?:iPhone|iPad|Android|Samsung|Galaxy|BlackBerry)\b.{0,20}$/i,
  /^[ \t\u3000]*Get (?:the )?\[?Outlook for /i,
  /^[ \t\u3000]*Envoyé (?:depuis|à partir de) (?:mon|Yahoo Mail|Outlook)/i,
  /^[ \t\u3000]*Gesendet von (?:Outlook|meinem|Mail für)/i,
  /^[ \t\u3000]*Von meinem .+ gesendet/i,
  /^[ \t\u3000]*Diese Nachricht wurde von .+ gesendet/i,
  /^[ \t\u3000]*Inviato da /i,
  /^[ \t\u3000]*Sendt fra min /i,
  /^[ \t\u3000]*Enviado (?:do|desde) (?:meu|mi) /i,
  /^[ \t\u3000]*Verzonden met /i,
  /^[ \t\u3000]*Verstuurd vanaf mijn /i,
  /^[ \t\u3000]*Skickat från min /i,
  /^[ \t\u3000]*(?:från|fra) min /i,
]

// "wrote:" and its translations, for the end of an attribution line.
const WROTE = String.raw`(?:wrote|writes|said|sent|a écrit|schrieb|escribió|escreveu|ha scritto|scrisse|schreef(?: .{1,120} het volgende geschreven)?|het volgende geschreven|skrev|kirjoitti|napisał(?:\(a\))?|pisze|написал(?:\(а\))?|пишет|написав|пише|написала|写道|寫道|書きました|書いています|が書きました)`

const ON = String.raw`(?:On|Le|Am|El|Il|Op|Em|Den|På|W dniu|Dne|Kun|В|У)`

const EMBEDDED: RegExp[] = [
  // On Tue, Feb 2, 2021 at 11:15 AM X <x@y> wrote: (Le/Am/El/Il/Op/Em/Den/På/W dniu … in other languages);
  // a date (a digit) is required, so that "On Monday I wrote a letter" stays text
  new RegExp(String.raw`^[ \t>]*${ON}\b(?=.*\d).{3,300}?\b${WROTE}\s*[:：]?\s*$`, 'iu'),
  // the name after the verb: Den 15. jun. 2016 kl. 20.42 skrev X <x@y>:
  new RegExp(String.raw`^[ \t>]*${ON}\b(?=.*\d).{3,300}?\b${WROTE}\b.{1,200}[:：]\s*$`, 'iu'),
  // ---- On Tue, 22 Dec 2015 14:17:36 +0530 X <x@y> wrote ---- (Zoho)
  new RegExp(String.raw`^[ \t>]*-{2,}\s*${ON}\b.{3,300}\b${WROTE}\s*-{2,}\s*$`, 'iu'),
  // X <x@y> wrote: / X schrieb am Di., 16. Aug. 2016 um 12:52 Uhr: / 30 серп. 2016 р. 20:45 "X" <x@y> пише:
  new RegExp(String.raw`^[ \t>]*.{1,200}?\s${WROTE}(?:\s(?:on|am|le|el|den|il|em|op|в|у)\b.{0,100}?\d.{0,60})?\s*[:：]\s*$`, 'iu'),
  // A date, the verb, then the name: tir. 18. apr. 2017 kl. 13:09 skrev X <x@y>:
  new RegExp(String.raw`^[ \t>]*(?=[^:]*\d).{0,100}\b${WROTE}\b.{1,200}[:：]\s*$`, 'iu'),
  // A date or time and an address, then a colon: 11:00 AM, November 17, 2021, "X" <x@y>: / ср, 30 апр. 2025 г. в 15:19, X <x@y>:
  /^[ \t>]*(?=.*\d).{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/u,
  // 2006-11-08 (水) の 11:31 +0100 に X さんは書きました: / 2025-10-14 23:59 に X さんは書きました:
  /^[ \t>]*.{0,200}さん(?:は|が)?書きました\s*[:：]?\s*$/u,
  // Gmail ja: 2021年2月2日(火) 11:15 山田 <x@y.jp>: — a line that starts with a date and ends in a colon after an address
  /^[ \t>]*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?.{0,160}(?:<[^<>\s]+@[^<>\s]+>|@\S+|wrote|のメール|メッセージ)\s*[:：]\s*$/u,
  // Gmail in many locales: 2016-01-27 10:00 GMT+01:00 X <x@y>: — and its older form without the colon,
  // 2013/7/20 X <x@y> (the Japanese Gmail attribution until 2014 too)
  /^[ \t>]*\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}日?.{0,120}<[^<>\s]+@[^<>\s]+>\s*[:：]?\s*$/u,
  // 2016-03-03 17:21 GMT+01:00 X — Gmail's date-and-name line when the address went to the next line
  /^[ \t>]*\d{4}-\d{2}-\d{2} \d{1,2}:\d{2} GMT[+-]\d{2}:\d{2} [^<>]{1,80}$/,
  // iPhone ja: 2021/02/02 11:15、山田 <x@y.jp>のメール:
  /^[ \t>]*.{4,160}のメール\s*[:：]\s*$/u,
  // -----Original Message----- and its translations, forwarded-message banners
  /^[ \t>]*[-_=*]{2,}\s*(?:Original Message|Original|Forwarded message|Forwarded Message|Ursprüngliche Nachricht|Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|Messaggio originale|Messaggio inoltrato|Oorspronkelijk bericht|Doorgestuurd bericht|Originalmeddelande|Vidarebefordrat meddelande|Opprinnelig melding|Videresendt melding|Alkuperäinen viesti|Mensagem original|Mensagem encaminhada|Исходное сообщение|Пересылаемое сообщение|Oryginalna wiadomość|Wiadomość oryginalna|Původní zpráva|元のメッセージ|転送メッセージ|転送されたメッセージ|オリジナルメッセージ|原始邮件|原始郵件|转发的邮件|Oprindelig besked|Videresendt besked|Original Text)\s*[-_=*]{2,}\s*$/iu,
  /^[ \t>]*(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inicio del mensaje reenviado|Inizio messaggio inoltrato|転送されたメッセージ|以下のメッセージを転送します)\s*[:：]?\s*$/iu,
  // Outlook's one-line attribution: From: X Sent: Y To: Z Subject: W
  /^[ \t>]*\*?(?:From|Von|De|Da|Van|Från|Fra|Od|От|差出人)\s*\*?[:：].{1,200}?\*?(?:Sent|Gesendet|Envoyé|Enviado|Inviato|Verzonden|Skickat|Sendt|Wysłano|Отправлено|送信日時)\s*\*?[:：]/iu,
  // Bots' own markers: "## Please type your reply above this line ##", "--- Reply above. Do not remove this line. ---"
  /^[ \t>]*[-#=*]*\s*(?:please type your reply above this line|reply above(?: this line)?\. do not remove this line|このメッセージに返信する場合は.*この線より上|この線より上に返信)/iu,
]

const HEADER = new RegExp(
  String.raw`^[ \t]*\*?[ \t]*(?:` +
    [
      'From', 'Sent', 'To', 'Cc', 'Bcc', 'Date', 'Subject', 'Reply-To', 'Sent Date',
      'De', 'Envoyé', 'Envoyé le', 'À', 'A', 'Objet', 'Cc', 'Von', 'Gesendet', 'An', 'Betreff', 'Datum', 'Kopie',
      'Enviado', 'Enviado el', 'Para', 'Asunto', 'Fecha', 'Da', 'Inviato', 'Oggetto', 'Van', 'Verzonden', 'Aan',
      'Onderwerp', 'Från', 'Skickat', 'Till', 'Ämne', 'Fra', 'Sendt', 'Til', 'Emne', 'Lähettäjä', 'Lähetetty',
      'Vastaanottaja', 'Aihe', 'Od', 'Wysłano', 'Do', 'Temat', 'Data', 'От', 'Отправлено', 'Кому', 'Тема', 'Дата',
      'Копия', 'Від', 'Надіслано', 'Assunto', 'Cópia', 'Envoyé par',
      '差出人', '送信者', '送信日時', '送信日', '日時', '日付', '宛先', '件名', '受信者', '発信者', '写し', 'ＣＣ',
      '发件人', '发送时间', '收件人', '主题', '寄件者', '寄件日期', '收件者', '主旨',
    ].map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') +
    String.raw`)[ \t]*\*?[ \t]*[:：]`,
  'iu',
)

// `>` and full-width `＞`, `|`, and supercite's initials (`C>`).
const QUOTE = /^[ \t\u3000]*(?:[A-Za-z]{1,3})?[>＞|]/

const CODE_FENCE = /^\s*```/

const SECTION_MARKER = /^[ \t\u3000]*[-=_*#━─]{3,}[^-=_*#━─]*[^\s\-=_*#━─][^-=_*#━─]*[-=_*#━─]{3,}[ \t\u3000]*$/u

function kindOf(whole: string): LineKind {
  // Patterns look at the start of a line only: a 100 kB line (HTML turned into text) stays cheap.
  const line = whole.length > 1000 ? whole.slice(0, 1000) : whole
  if (EMPTY.test(line)) return 'e'
  // Most lines of a long thread are quotes: settle them first ("> On … wrote:" is still a marker).
  if (QUOTE.test(line)) return EMBEDDED.some((pattern) => pattern.test(line)) ? 'b' : 'q'
  if (DELIMITER.test(line)) return 'd'
  if (MOBILE_SIGNATURES.some((pattern) => pattern.test(line))) return 's'
  if (EMBEDDED.some((pattern) => pattern.test(line))) return 'b'
  if (HEADER.test(line)) return 'h'
  return 't'
}

// Attribution lines that a client wrapped: the start of one, completed within the next three lines.
const ATTRIBUTION_START = new RegExp(String.raw`^[ \t>]*(?:${ON}\b|.{0,60}\b(?:19|20)\d{2}\b|.{0,60}\b\d{1,2}[:.]\d{2}\b|\d{1,4}\s*[年/.-]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|.{0,120}(?:<[^<>\s]*$|<[^<>\s]+@[^<>\s]+>|\b${WROTE}\b))`, 'iu')

const ON_DATE_START = new RegExp(String.raw`^[ \t>]*${ON}\b.{0,40}\d`, 'iu')

interface Line {
  text: string
  kind: LineKind
  /** Indexes of the original lines it stands for (several for a joined attribution). */
  origins: number[]
}

/** Lines `from`..`to` as one, blank lines skipped; no space is put inside an address that was cut ("X <" + "x@y>:"). */
function joinLines(original: string[], from: number, to: number): string {
  let joined = original[from]
  for (let next = from + 1; next <= to; next++) {
    if (EMPTY.test(original[next])) continue
    const head = joined.trimEnd()
    const tail = original[next].trim()
    joined = /[<(]$/.test(head) || /^[>)@]/.test(tail) ? head + tail : `${head} ${tail}`
  }
  return joined
}

/**
 * The indexes of the lines inside the desk's reply forms that stand unquoted between their two marker
 * lines. Such a line is what the office wrote in the form, whatever it looks like: a `Bcc: …` line
 * there is not a quoted header to drop quietly but a line the form parser refuses by name (SPEC §14:
 * bad input gets an error that names the problem).
 */
function replyFormLines(original: string[]): Set<number> {
  const inside = new Set<number>()
  let begin = -1
  for (let index = 0; index < original.length; index++) {
    const marker = replyFormMarkerOf(original[index])
    if (marker === 'begin') begin = index
    else if (marker === 'end' && begin >= 0) {
      for (let line = begin + 1; line < index; line++) inside.add(line)
      begin = -1
    }
  }
  return inside
}

/**
 * The lines with their kinds. An attribution a client wrapped over up to four lines is joined into
 * one so it can be recognised; lines inside a ``` code fence are text whatever they look like, and so
 * are header-like lines inside a reply form.
 */
function classifyLines(original: string[]): Line[] {
  const lines: Line[] = []
  const inForm = replyFormLines(original)
  let inCode = false
  for (let index = 0; index < original.length; index++) {
    const text = original[index]
    if (inForm.has(index) && kindOf(text) === 'h') {
      lines.push({text, kind: 't', origins: [index]})
      continue
    }
    if (CODE_FENCE.test(text)) {
      inCode = !inCode
      lines.push({text, kind: 't', origins: [index]})
      continue
    }
    if (inCode) {
      lines.push({text, kind: 't', origins: [index]})
      continue
    }
    const kind = kindOf(text)
    if (kind === 't' && ATTRIBUTION_START.test(text)) {
      // "On <date> X" may even be cut from "<address> wrote:" by blank lines (ert's embedded_email_12).
      const mayCrossBlank = ON_DATE_START.test(text)
      let end = -1
      for (let next = index + 1; next < Math.min(original.length, index + (mayCrossBlank ? 6 : 4)); next++) {
        if (EMPTY.test(original[next])) {
          if (mayCrossBlank) continue
          break
        }
        if (kindOf(joinLines(original, index, next)) === 'b') {
          end = next
          break
        }
      }
      // The attribution starts at this line, not in the paragraph above it: "On <date>" does; any
      // other start holds only when no later line starts the same attribution.
      let isStart = end > 0
      for (let later = index + 1; isStart && !mayCrossBlank && later <= end; later++) {
        const line = original[later]
        if (EMPTY.test(line)) continue
        // A line like "x@y> wrote:" or "<x@y>" is the tail of this attribution, not a start of its own.
        const isTail = /^\s*(?:[<>(]|[^\s<>()]+@[^\s<>()]+[>)]|mailto:)/i.test(line)
        if (!isTail && (later === end || ATTRIBUTION_START.test(line)) && kindOf(joinLines(original, later, end)) === 'b') isStart = false
      }
      if (isStart) {
        lines.push({text: joinLines(original, index, end), kind: 'b', origins: Array.from({length: end - index + 1}, (_unused, offset) => index + offset)})
        index = end
        continue
      }
    }
    lines.push({text, kind, origins: [index]})
  }
  return lines
}

/**
 * Whether the delimiter at `index` starts what is not reply: something quoted or a forwarded header
 * follows it directly, or only a short block (a signature) follows. A long text after a rule line is
 * reply content that a sender decorated, and is kept.
 */
function isCuttingDelimiter(lines: Line[], index: number): boolean {
  let textLines = 0
  for (let next = index + 1; next < lines.length; next++) {
    const kind = lines[next].kind
    if (kind === 'e' || kind === 'd' || kind === 's') continue
    if ((kind === 'b' || kind === 'h' || kind === 'q') && textLines === 0) return true
    if (kind === 'b' || kind === 'q') break
    // A section marker with words in it ("-----ここから返信フォーム-----") is content, not a signature.
    if (SECTION_MARKER.test(lines[next].text)) return false
    textLines++
    if (textLines > 12) return false
  }
  return true
}

function patternOf(lines: Line[]): string {
  return lines.map((line) => line.kind).join('')
}

// The rules below read the string of line kinds. They are written as loops, not as regular
// expressions with nested quantifiers, so a long thread of quotes cannot make them backtrack.

/**
 * A long quoted line that a client wrapped without repeating `>` leaves its tail as a text line
 * between quotes ("> … Nullam pharetra d" / "ignissim odio?" / "> …"). Such a tail — after a long
 * quote line, starting in lower case, followed by a quote — is quote.
 */
function markWrappedQuoteLines(lines: Line[]): void {
  for (let index = 1; index < lines.length - 1; index++) {
    const previous = lines[index - 1]
    const next = lines[index + 1]
    if (lines[index].kind !== 't' || previous.kind !== 'q' || previous.text.length < 60) continue
    if (!/^[a-z]/.test(lines[index].text) || !(next.kind === 'q' || (next.kind === 'e' && /[>＞]/.test(next.text)))) continue
    lines[index].kind = 'q'
  }
}

/** Rule 3: `(b[^t]+)*b[bqeh]+t[et]*$` — marker first, the only text at the end. Start of that text, or -1. */
function bottomReplyStart(pattern: string): number {
  const first = pattern.indexOf('t')
  if (first <= 0 || pattern[0] !== 'b' || !/^[et]*$/.test(pattern.slice(first))) return -1
  return /b[bqeh]+$/.test(pattern.slice(0, first)) ? first : -1
}

/** Rule 4: `te*b[^q]*$` — the text line before a marker that no quote follows, or -1. */
function textBeforeUnquotedMarker(pattern: string): number {
  const lastQuote = pattern.lastIndexOf('q')
  for (let index = pattern.indexOf('b', lastQuote + 1); index >= 0; index = pattern.indexOf('b', index + 1)) {
    let before = index - 1
    while (before >= 0 && pattern[before] === 'e') before--
    if (before >= 0 && pattern[before] === 't') return before
  }
  return -1
}

/** Rule 5: `te*b[eqbh]*([te]*)$` with fewer than 7 text lines after the quote. The text line, or -1. */
function textBeforeQuotedMarker(pattern: string): number {
  for (let index = pattern.indexOf('b'); index >= 0; index = pattern.indexOf('b', index + 1)) {
    let before = index - 1
    while (before >= 0 && pattern[before] === 'e') before--
    if (before < 0 || pattern[before] !== 't') continue
    let after = index + 1
    while (after < pattern.length && 'eqbh'.includes(pattern[after])) after++
    const rest = pattern.slice(after)
    if (/^[te]*$/.test(rest) && (rest.match(/t/g) ?? []).length < 7) return before
  }
  return -1
}

/** Rule 6: `te*[qbe]+$` — the last text line when only quotes, markers and blanks follow it, or -1. */
function textBeforeTrailingQuote(pattern: string): number {
  let start = pattern.length
  while (start > 0 && 'qbe'.includes(pattern[start - 1])) start--
  if (start === pattern.length || start === 0 || pattern[start - 1] !== 't') return -1
  return /[qb]/.test(pattern.slice(start)) || start < pattern.length ? start - 1 : -1
}

/** Rule 9: `h+[hte]+h+e` — a header block with a wrapped line inside becomes all headers. */
function markWrappedHeaders(lines: Line[]): void {
  const pattern = patternOf(lines)
  for (let start = pattern.indexOf('h'); start >= 0; ) {
    let end = start
    while (end < pattern.length && 'hte'.includes(pattern[end])) end++
    for (let last = end - 2; last > start + 1; last--) {
      if (pattern[last] === 'h' && pattern[last + 1] === 'e') {
        for (let index = start; index <= last + 1; index++) lines[index].kind = 'h'
        return
      }
    }
    // No later start inside the same run can match where this one did not.
    start = pattern.indexOf('h', end)
  }
}

/** Rule 10: `t[eq]*h{3,}` — the text line before a block of three or more headers, or -1. */
function textBeforeHeaderBlock(pattern: string): number {
  for (let index = pattern.indexOf('hhh'); index >= 0; index = pattern.indexOf('hhh', index + 1)) {
    let before = index - 1
    while (before >= 0 && (pattern[before] === 'e' || pattern[before] === 'q')) before--
    if (before >= 0 && pattern[before] === 't') return before
  }
  return -1
}

/**
 * The new text of a reply: what the sender wrote above (or between) the quoted message, without the
 * attribution line, the quoted or forwarded mail, a `-- ` signature and mobile signatures. Quotes
 * that the sender answered in between (interleaved replies) are kept; quotes at the start or the
 * end are not. Line ends are normalised to LF; the result is trimmed.
 */
export function extractNewText(input: string): ExtractedText {
  const original = input.replace(/\r\n?/g, '\n').split('\n')
  if (input.trim() === '') return {text: '', quoted: ''}
  let lines = classifyLines(original)
  markWrappedQuoteLines(lines)
  let pattern = patternOf(lines)
  const keepTo = (end: number): void => {
    lines = lines.slice(0, end)
    pattern = patternOf(lines)
  }
  const keepFrom = (start: number): void => {
    lines = lines.slice(start)
    pattern = patternOf(lines)
  }
  const removeKind = (kind: LineKind): void => {
    lines = lines.filter((line) => line.kind !== kind)
    pattern = patternOf(lines)
  }

  // 1. A delimiter ends the reply (signature, Outlook's rule before the quoted mail).
  for (let index = pattern.indexOf('d'); index >= 0; index = pattern.indexOf('d', index + 1)) {
    if (isCuttingDelimiter(lines, index)) {
      keepTo(index)
      break
    }
    lines[index].kind = 't'
  }
  pattern = patternOf(lines)
  // 2. A mobile signature ends the reply (what follows is the quoted mail, sometimes with no marker).
  const firstText = pattern.indexOf('t')
  const signature = firstText < 0 ? -1 : pattern.indexOf('s', firstText)
  if (signature >= 0) keepTo(signature)
  removeKind('s')
  // 3. A reply written below the quoted mail (bottom-posting): keep the text at the end.
  const bottom = bottomReplyStart(pattern)
  if (bottom >= 0) keepFrom(bottom)
  // 4. Text, then a marker with no quote after it: keep the text.
  let end = textBeforeUnquotedMarker(pattern)
  if (end >= 0) keepTo(end + 1)
  // 5. Text, then a marker and a long quote, maybe a few lines after it: keep the text.
  end = textBeforeQuotedMarker(pattern)
  if (end >= 0) keepTo(end + 1)
  // 6. Text, then quotes to the end: keep the text.
  end = textBeforeTrailingQuote(pattern)
  if (end >= 0) keepTo(end + 1)
  // 7. A quote with its attribution at the start, answered below it: drop it.
  const lead = /^e*b[bqe]*/.exec(pattern)
  if (lead && lead[0].includes('q') && pattern[lead[0].length] === 't') keepFrom(lead[0].length)
  // 8. Markers left over go.
  removeKind('b')
  // 9. A header block may have a line of text inside (a wrapped address): it is header too.
  markWrappedHeaders(lines)
  pattern = patternOf(lines)
  // 10. Three headers in a row start a forwarded or quoted mail: keep the text before them.
  end = textBeforeHeaderBlock(pattern)
  if (end >= 0) keepTo(end + 1)
  // 11. Headers left over go.
  removeKind('h')
  // 12. Quotes at the end go when there is text.
  if (pattern.includes('t')) {
    let end = pattern.length
    while (end > 0 && (pattern[end - 1] === 'e' || pattern[end - 1] === 'q')) end--
    keepTo(end)
  }

  // Blank lines (also quoted blank lines) around the reply are not part of it.
  let first = 0
  while (first < lines.length && lines[first].kind === 'e') first++
  let last = lines.length
  while (last > first && lines[last - 1].kind === 'e') last--
  lines = lines.slice(first, last)
  const kept = new Set(lines.flatMap((line) => line.origins))
  const text = lines.map((line) => line.text).join('\n').trimEnd()
  const quoted = original.filter((_line, index) => !kept.has(index)).join('\n').trim()
  return {text, quoted}
}
