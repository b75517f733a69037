/**
 * The attachments of authenticated replies (issue 14): which are kept (count, size, a content type of
 * the allow-list that the bytes bear out), stored outside the JSON screens (table `attachments`), listed
 * under their application by `nss status RECEIPT`, and fetched with `nss attachment ID --out FILE` by the
 * office owning the application or a reviewer. A refused attachment is not stored: the office's message
 * (事業所からの連絡) names it and why. Attachments follow their message's retention: src/app/retention.ts.
 */
import {text} from '../domain/messages/text'
import {createHash} from 'node:crypto'
import type {EntityManager} from 'typeorm'
import type {Locale} from '../domain/vocabulary'
import type {AttachmentInfo} from '../mail/inbound/parse'
import {ApplicationEntity, AttachmentEntity} from '../store/entities'
import type {Actor} from './actor'
import {checkAccess} from './actor'
import type {DeskContext} from './context'
import {NotFoundError} from '../domain/errors'

/** The content types kept, each with a check of its bytes' start where one is cheap. */
const ALLOWED: Record<string, ((bytes: Buffer) => boolean) | null> = {
  'application/pdf': bytes => bytes.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': bytes => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': bytes => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  'text/plain': isText,
  'text/csv': isText,
  // Office Open XML and zip archives are zip files.
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isZip,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isZip,
  'application/zip': isZip,
}

/** The content type a file name implies, for mail clients that send application/octet-stream. */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain', csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip: 'application/zip',
}

function isZip(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 4096).includes(0)
}

/** What became of one attachment of a reply. */
export type AttachmentVerdict =
  | {kept: true; filename: string; contentType: string; bytes: Buffer}
  | {kept: false; filename: string; reason: string}

const REASONS: Record<Locale, {tooMany: (max: number) => string; tooLarge: (max: number) => string; type: (type: string) => string; mismatch: (type: string) => string}> = {
  ja: {
    tooMany: max => `添付ファイルは 1 通につき ${max} 件までです`,
    tooLarge: max => `${formatSize(max)} を超えています`,
    type: type => `受け付けない形式です (${type})。PDF、PNG、JPEG、テキスト、CSV、Excel・Word (xlsx, docx)、ZIP を受け付けます`,
    mismatch: type => `内容が ${type} ではありません`,
  },
  en: {
    tooMany: max => `at most ${max} attachments per mail`,
    tooLarge: max => `larger than ${formatSize(max)}`,
    type: type => `a type not accepted (${type}); accepted are PDF, PNG, JPEG, text, CSV, Excel and Word (xlsx, docx), ZIP`,
    mismatch: type => `its content is not ${type}`,
  },
}

/** A size for people: bytes, KB or MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
}

/** A file name safe to show and to offer as a default: no directories, no control characters, bounded. */
function cleanFilename(name: string | null, index: number): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim()
  return (base || `attachment-${index + 1}`).slice(0, 255)
}

/**
 * Judges the attachments of an authenticated reply. Inline parts without a file name, and inline parts
 * an HTML body shows by Content-ID (a signature's logo, `image001.png`), are not files an office meant
 * to send, and are passed over without a word.
 */
export function judgeAttachments(attachments: AttachmentInfo[], config: {attachmentMaxCount: number; attachmentMaxBytes: number}, locale: Locale): AttachmentVerdict[] {
  const say = REASONS[locale]
  const files = attachments.filter(a => a.disposition === 'attachment' || (a.filename !== null && !(a.disposition === 'inline' && a.contentId !== null)))
    // The parts of a delivery report or a forwarded mail are mail, not files.
    .filter(a => !a.contentType.startsWith('message/') || a.filename !== null)
  let kept = 0
  return files.map((file, index): AttachmentVerdict => {
    const filename = cleanFilename(file.filename, index)
    const extension = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1].toLowerCase() ?? ''
    const declared = file.contentType.toLowerCase()
    const contentType = declared in ALLOWED ? declared
      : (declared === 'application/octet-stream' || declared === '') && BY_EXTENSION[extension] ? BY_EXTENSION[extension]
        : declared
    if (!(contentType in ALLOWED)) return {kept: false, filename, reason: say.type(declared)}
    if (file.content.length > config.attachmentMaxBytes) return {kept: false, filename, reason: say.tooLarge(config.attachmentMaxBytes)}
    const check = ALLOWED[contentType]
    if (check && !check(file.content)) return {kept: false, filename, reason: say.mismatch(contentType)}
    if (kept >= config.attachmentMaxCount) return {kept: false, filename, reason: say.tooMany(config.attachmentMaxCount)}
    kept++
    return {kept: true, filename, contentType, bytes: file.content}
  })
}

/** Stores the kept attachments under an application, inside the caller's transaction. */
export async function storeAttachments(
  manager: EntityManager, receiptNo: string, inboundMessageId: number, verdicts: AttachmentVerdict[], now: Date,
): Promise<void> {
  for (const verdict of verdicts) {
    if (!verdict.kept) continue
    await manager.insert(AttachmentEntity, {
      receiptNo, inboundMessageId, filename: verdict.filename, contentType: verdict.contentType, size: verdict.bytes.length,
      sha256: createHash('sha256').update(verdict.bytes).digest('hex'), content: verdict.bytes.toString('base64'),
      createdAt: now.toISOString(),
    })
  }
}

/** The lines an office message adds about its attachments: the kept ones, and the refused ones with why. */
export function attachmentNotes(verdicts: AttachmentVerdict[], locale: Locale): string[] {
  return verdicts.map(v => v.kept
    ? (locale === 'ja' ? `添付: ${v.filename} (${formatSize(v.bytes.length)})` : `Attached: ${v.filename} (${formatSize(v.bytes.length)})`)
    : (locale === 'ja' ? `添付を受け付けませんでした: ${v.filename} — ${v.reason}` : `Attachment not accepted: ${v.filename} — ${v.reason}`))
}

/** One attachment as `status RECEIPT --json` lists it. */
export interface AttachmentSummary {
  id: number
  filename: string
  contentType: string
  size: number
}

/** One attachment with its bytes, as `nss attachment` fetches it (base64: JSON all the way, also through the server). */
export interface AttachmentContent extends AttachmentSummary {
  receiptNo: string
  sha256: string
  contentBase64: string
}

/**
 * An attachment for the office owning its application or a reviewer; another office is exit 4, as for
 * the application itself (src/app/actor.ts checkAccess).
 */
export async function fetchAttachment(ctx: DeskContext, actor: Actor, id: number): Promise<AttachmentContent> {
  return ctx.store.read(async manager => {
    const row = Number.isSafeInteger(id) && id > 0 ? await manager.findOneBy(AttachmentEntity, {id}) : null
    if (!row) throw new NotFoundError(text('app.noAttachment', {id}))
    const app = await manager.findOne(ApplicationEntity, {where: {receiptNo: row.receiptNo}, select: {receiptNo: true, officeCode: true}})
    checkAccess(actor, row.receiptNo, app as never)
    return {
      id: row.id, receiptNo: row.receiptNo, filename: row.filename, contentType: row.contentType, size: row.size, sha256: row.sha256,
      contentBase64: row.content,
    }
  })
}
