/**
 * A sentence not yet rendered (src/domain/messages): a key and its parameters, for the edge to say in
 * its reader's language. Kept apart from the catalogues so that code which only throws (src/app/actor.ts,
 * on every command) loads no catalogue at all; one loads when the error is printed.
 */
import type {MessageArgs, MessageKey} from './index'

export interface LocalText {
  readonly key: MessageKey
  readonly params?: object
}

/** A message to be rendered later, in the reader's language: `throw new NotFoundError(text('app.noApplication', {receiptNo}))`. */
export function text<K extends MessageKey>(key: K, ...params: MessageArgs<K>): LocalText {
  return {key, params: params[0]}
}
