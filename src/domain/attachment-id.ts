import {text} from './messages/text'
import {InvalidInputError} from './errors'

/** An attachment's id as `nss attachment ID` and GET /api/v1/attachments/:id take it: a positive integer (exit 2 for anything else). */
export function parseAttachmentId(value: string | undefined): number {
  const given = (value ?? '').normalize('NFKC').trim()
  const id = /^[1-9][0-9]{0,14}$/.test(given) ? Number(given) : NaN
  if (!Number.isSafeInteger(id)) {
    throw new InvalidInputError(text('app.notAttachmentId', {given: value ?? ''}), [{path: 'id', message: text('app.attachmentIdForm')}])
  }
  return id
}
