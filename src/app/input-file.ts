/**
 * Input files read whole (`nss apply|amend --file F`, `-` for standard input, `nss office import FILE`)
 * are capped (issue 11 point 11): a larger input is refused with exit 2 at once, after reading at most
 * the cap and one byte more, so `--file /dev/zero`, a FIFO that never ends or 200 MB piped in cannot
 * exhaust memory or hang the command. An application is a few kB and a master-data file of thousands
 * of offices is well under the cap; a larger master-data file can be split by office (an import
 * updates in place and deletes nothing).
 */
import {text} from '../domain/messages/text'
import fs = require('node:fs')
import {InvalidInputError} from '../domain/errors'

/** 4 MiB. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

const CHUNK_BYTES = 64 * 1024

function tooLarge(name: string, maxBytes: number): InvalidInputError {
  const limit = `${maxBytes / (1024 * 1024)} MiB`
  return new InvalidInputError(text('app.fileTooLarge', {name, limit}), [{path: name, message: text('app.atMostBytes', {limit, bytes: maxBytes})}])
}

/**
 * The bytes of a file, at most `maxBytes`. A regular file over the cap is refused from its size
 * without reading; anything else (a device, a FIFO) is read until the cap is passed. Failures to open
 * or read are thrown as Node gave them (ENOENT, EISDIR…), for the caller's own message.
 */
export function readInputFile(file: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const stat = fs.fstatSync(fd)
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(file, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total))
      const read = fs.readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) break
      chunks.push(chunk.subarray(0, read))
      total += read
      if (total > maxBytes) throw tooLarge(file, maxBytes)
    }
    return Buffer.concat(chunks, total)
  } finally {
    fs.closeSync(fd)
  }
}

/** Standard input, at most `maxBytes`: reading stops as soon as the cap is passed. */
export async function readInputStream(stream: NodeJS.ReadableStream & {destroy?: () => void}, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer
    total += bytes.length
    if (total > maxBytes) {
      // Leaving the loop ends the iteration, which destroys the stream: nothing more is read.
      stream.destroy?.()
      throw tooLarge('stdin', maxBytes)
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks, total)
}
