/**
 * A command-line error (exit 2) as nss says it, from the text oclif's parser gives (local mode) or the
 * remote parser gives in the same words (src/cli/remote/argv.ts): without oclif's wrappers ("The
 * following error occurred:", "See more help with --help"), a flag named where oclif only says
 * "Parsing --limit", one problem per issue.
 */
import {InvalidInputError} from '../domain/errors'
import {text as localText} from '../domain/messages/text'

export function argvError(text: string): InvalidInputError {
  const problems: string[] = []
  let flag: string | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line === 'See more help with --help' || line === 'The following error occurred:') continue
    const parsing = /^Parsing (--\S+)$/.exec(line)
    if (parsing) {
      flag = parsing[1]
      continue
    }
    const last = problems.length - 1
    // "Missing 2 required args:" and the names on the lines after it: one problem.
    if (last >= 0 && problems[last].endsWith(':')) problems[last] = `${problems[last]} ${line}`
    else if (last >= 0 && /required args?: /.test(problems[last]) && /^\w+$/.test(line)) problems[last] = `${problems[last]}, ${line}`
    else problems.push(flag ? `${flag}: ${line}` : line)
  }
  if (problems.length === 0) problems.push(text.trim())
  return new InvalidInputError(localText('cli.argvProblems', {problems: problems.join('\n')}), problems.map(problem => ({path: 'argv', message: localText('cli.argvProblem', {problem})})))
}
