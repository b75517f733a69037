/**
 * The baseline of the desk server's throughput (issue 12 point 4): a bare Fastify 5 server with one
 * route answering a constant JSON, over the same TLS as `nss serve` (the same certificate and key, TLS
 * 1.2 at least), without a logger, hooks or plugins. The constant is the desk server's own answer for
 * the application the bench reads (BENCH_BODY_FILE), so both send the same bytes and differ only by
 * what the desk does per request. Run as a process of its own (desk-server.ts); it prints the address
 * it listens on.
 */
import * as fs from 'node:fs'
import Fastify from 'fastify'

async function main(): Promise<void> {
  const constant = JSON.parse(fs.readFileSync(process.env.BENCH_BODY_FILE!, 'utf8'))
  const app = Fastify({
    https: {cert: fs.readFileSync(process.env.BENCH_TLS_CERT!), key: fs.readFileSync(process.env.BENCH_TLS_KEY!), minVersion: 'TLSv1.2'},
  })
  app.get('/constant', async () => constant)
  process.once('SIGTERM', () => app.close().then(() => process.exit(0)))
  const address = await app.listen({host: '127.0.0.1', port: 0})
  process.stdout.write(`listening at ${address}\n`)
}

main().catch(error => {
  process.stderr.write(`bare-fastify: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
