/**
 * One HTTPS GET as plainly as Node makes it: node:https, the CA of NSS_CA_FILE, the token of NSS_TOKEN,
 * a new connection; prints the answer's body. The floor under a remote `nss status` call
 * (remote-startup.bench.ts): the same request to the same server, without the CLI.
 */
import * as fs from 'node:fs'
import * as https from 'node:https'

const request = https.request(process.env.BENCH_URL!, {
  ca: fs.readFileSync(process.env.NSS_CA_FILE!), agent: false,
  headers: {accept: 'application/json', authorization: `Bearer ${process.env.NSS_TOKEN}`},
}, response => {
  const chunks: Buffer[] = []
  response.on('data', (chunk: Buffer) => chunks.push(chunk))
  response.on('end', () => {
    process.stdout.write(Buffer.concat(chunks))
    if (response.statusCode !== 200) process.exitCode = 1
  })
})
request.on('error', error => {
  process.stderr.write(`https-get: ${error.message}\n`)
  process.exitCode = 1
})
request.end()
