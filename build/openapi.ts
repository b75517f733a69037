/**
 * `npm run openapi`: writes the desk server's OpenAPI document (src/server/openapi.ts) to
 * docs/openapi.json, the copy that is checked in. test/unit/server/openapi.test.ts fails while the two
 * differ, so a change of a route or of a schema comes with its document in the same commit.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {openApiDocument} from '../src/server/openapi'

const ROOT = path.resolve(__dirname, '..', '..')

/** The file's text: two-space JSON and a final newline, as the document's own key order gives it. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`
}

if (require.main === module) {
  const file = path.join(ROOT, 'docs', 'openapi.json')
  fs.mkdirSync(path.dirname(file), {recursive: true})
  fs.writeFileSync(file, openApiText())
  console.log(`wrote ${path.relative(process.cwd(), file)}`)
}
