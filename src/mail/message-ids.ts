/**
 * Bounds on the Message-IDs the desk reads from and writes into References / In-Reply-To (issue 11
 * point 7). A stranger's header of 40,000 ids made routing by threading one SQL statement with 40,000
 * variables (over SQLite's limit: outcome `error`), and every answer copied all of them. RFC 5322
 * §3.6.4 lets a References field be trimmed in its middle: the first id (the thread's start) and the
 * last few (the nearest ancestors, the ones routing needs) are kept.
 */

/** Ids kept from the start of a References list. */
export const REFERENCES_HEAD = 1
/** Ids kept from its end. */
export const REFERENCES_TAIL = 10
/** The longest id kept, angle brackets included; RFC 5322 lines stop at 998 characters, ours are under 100. */
export const MAX_MESSAGE_ID_LENGTH = 250

/** Whether an id (with its angle brackets) is short enough to be kept. */
export function isBoundedMessageId(id: string): boolean {
  return id.length <= MAX_MESSAGE_ID_LENGTH
}

/**
 * The ids of a References list, bounded: ids too long dropped, then the first REFERENCES_HEAD and the
 * last REFERENCES_TAIL kept, in order, without repeats.
 */
export function boundReferences(ids: readonly string[]): string[] {
  const kept = [...new Set(ids.filter(isBoundedMessageId))]
  if (kept.length <= REFERENCES_HEAD + REFERENCES_TAIL) return kept
  return [...kept.slice(0, REFERENCES_HEAD), ...kept.slice(-REFERENCES_TAIL)]
}
