import * as fs from 'node:fs'
import {InvalidInputError, NotFoundError} from '../domain/errors'

/** Reads a JSON document from a file, or from standard input when the path is `-`. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : readFile(file)
  const clean = text.replace(/^\uFEFF/, '')
  try {
    return JSON.parse(clean)
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    let where = file === '-' ? 'stdin' : file
    if (position) {
      const before = clean.slice(0, Number(position[1]))
      const line = before.split('\n').length
      const column = before.length - before.lastIndexOf('\n')
      where += `:${line}:${column}`
    }
    throw new InvalidInputError(`${where}: not valid JSON`, [{path: where, message}])
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
