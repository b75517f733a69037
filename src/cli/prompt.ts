/**
 * Reads a password from the terminal without echo. Passwords never come from flags: flags leak into
 * `ps` and shell history (SPEC §2).
 */
export async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) throw new Error('no terminal to ask for a password on')
  process.stderr.write(question)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    let answer = ''
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          done()
          resolve(answer)
          return
        }
        if (char === '\u0003') {
          done()
          reject(new Error('cancelled'))
          return
        }
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('')
        else answer += char
      }
    }
    const done = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write('\n')
    }
    stdin.on('data', onData)
  })
}
