import {InvalidInputError} from './errors'

/** An attachment's id as `nss attachment ID` and GET /api/v1/attachments/:id take it: a positive integer (exit 2 for anything else). */
export function parseAttachmentId(value: string | undefined): number {
  const text = (value ?? '').normalize('NFKC').trim()
  const id = /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(id)) {
    throw new InvalidInputError(`not an attachment id: ${value ?? ''}`, [{path: 'id', message: 'the ID that nss status RECEIPT lists under 添付ファイル / Attachments (a positive integer)'}])
  }
  return id
}
