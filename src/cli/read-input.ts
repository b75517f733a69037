import * as fs from 'node:fs'
import {InvalidInputError, NotFoundError} from '../domain/errors'
import {JsonSyntaxError, lineAndColumn, parseJsonWithLocations} from '../app/located-json'

/**
 * Reads a JSON document from a file, or from standard input when the path is `-`. A syntax error
 * names its line and column (JSON.parse does not always give a position).
 */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : readFile(file)
  const clean = text.replace(/^\uFEFF/, '')
  const name = file === '-' ? 'stdin' : file
  try {
    return parseJsonWithLocations(clean).value
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    const {line, column} = lineAndColumn(clean, error.offset)
    const where = `${name}:${line}:${column}`
    throw new InvalidInputError(`${where}: not valid JSON: ${error.reason}`, [{path: where, message: error.reason}])
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`no file ${file}`)
    throw new InvalidInputError(`cannot read ${file}`, [{path: file, message: (error as Error).message}])
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
