/**
 * The id of a draft (一時保存, issue 13): `D` and 16 hexadecimal digits, random (src/app/drafts.use-case.ts).
 * Its own module, without zod: the remote CLI parses a draft id and loads nothing more (a test traces its modules).
 */
import {text} from './messages/text'
import {InvalidInputError} from './errors'

const DRAFT_ID = /^D[0-9A-F]{16}$/

/** A draft id as typed (any case, spaces around), or exit 2. */
export function parseDraftId(given: string): string {
  const id = given.normalize('NFKC').trim().toUpperCase()
  if (!DRAFT_ID.test(id)) throw new InvalidInputError(text('app.invalidDraftId', {given}), [{path: 'draftId', message: text('app.draftIdForm')}])
  return id
}
