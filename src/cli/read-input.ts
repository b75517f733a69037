import {DeskError, InvalidInputError, NotFoundError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {readInputFile, readInputStream} from '../app/input-file'
import {JsonSyntaxError, lineAndColumn, parseJsonWithLocations} from '../app/located-json'

/**
 * Reads a JSON document from a file, or from standard input when the path is `-`. A syntax error
 * names its line and column (JSON.parse does not always give a position). Both are capped at
 * MAX_INPUT_BYTES (src/app/input-file.ts): exit 2 at once beyond it.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  const content = file === '-' ? await readStdin() : readFile(file)
  const clean = content.replace(/^\uFEFF/, '')
  const name = file === '-' ? 'stdin' : file
  try {
    return parseJsonWithLocations(clean).value
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    const {line, column} = lineAndColumn(clean, error.offset)
    const where = `${name}:${line}:${column}`
    throw new InvalidInputError(text('cli.notJson', {where, reason: error.text}), [{path: where, message: error.text}])
  }
}

function readFile(file: string): string {
  try {
    return readInputFile(file).toString('utf8')
  } catch (error) {
    if (error instanceof DeskError) throw error
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(text('cli.noFile', {file}))
    throw new InvalidInputError(text('cli.cannotReadFile', {file}), [{path: file, message: (error as Error).message}])
  }
}

async function readStdin(): Promise<string> {
  return (await readInputStream(process.stdin)).toString('utf8')
}
