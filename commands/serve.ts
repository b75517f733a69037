import {Flags} from '@oclif/core'
import {DeskCommand} from '../src/cli/base-command'

export default class Serve extends DeskCommand {
  static override summary = 'Serve the desk over HTTPS to offices and reviewers (the desk server)'
  static override description = `An HTTPS JSON API (routes under /api/v1/, the document at /api/v1/openapi.json, /healthz, /readyz) in front of the same use cases as the CLI: offices and reviewers run the same nss commands from their own machines with NSS_URL and a token (nss token create, or nss login). TLS from NSS_TLS_CERT and NSS_TLS_KEY (PEM); without them only on a loopback address, for a reverse proxy in front. Several servers and daemons may share one PostgreSQL store. SIGTERM/SIGINT let the requests in flight finish. Logs are JSON lines on stdout, with a request id; never a token or a password.`
  static override examples = [
    'NSS_TLS_CERT=/etc/nss-desk/cert.pem NSS_TLS_KEY=/etc/nss-desk/key.pem <%= config.bin %> serve --listen 0.0.0.0:8443',
    '<%= config.bin %> serve --listen 127.0.0.1:8080   # plain HTTP behind a reverse proxy on this host',
  ]
  static override flags = {
    listen: Flags.string({description: 'HOST:PORT to listen on (default 127.0.0.1:8443; port 0 takes any free port)'}),
  }

  async run() {
    const {flags} = await this.parse(Serve)
    const [{loadServerSettings}, {MAX_INPUT_BYTES}] = await Promise.all([import('../src/server/settings'), import('../src/app/input-file')])
    const settings = loadServerSettings(flags.listen, process.env, MAX_INPUT_BYTES)
    const ctx = await this.desk()
    const {checkReadiness} = await import('../src/server/readiness')
    const readiness = await checkReadiness(ctx)
    const {InfrastructureError} = await import('../src/domain/errors')
    if (!readiness.ready) {
      const {text} = await import('../src/domain/messages/text')
      throw new InfrastructureError(text('cli.notReadyToServe'), readiness.checks.filter(c => !c.ok).map(c => ({path: c.name, message: c.reason ?? 'failed'})))
    }
    // Request after request reads the same tokens and applications: kept while the store is unchanged
    // (SQLite; src/store/read-models.ts, docs/performance.md).
    ctx.store.keepReadsBetweenSnapshots()
    const {buildDeskServer} = await import('../src/server/app')
    const app = await buildDeskServer(ctx, settings)
    // SIGTERM/SIGINT: no new connections, the requests in flight finish, then the store closes. A
    // second signal while stopping ends the process at once.
    let stopping: Promise<void> | undefined
    const stopped = new Promise<void>(resolve => {
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          app.log.warn({signal}, 'second signal: exiting without finishing')
          process.exit(1)
        }
        app.log.info({signal}, 'stopping: the requests in flight finish')
        stopping = app.close().then(resolve, resolve)
      }
      process.on('SIGTERM', onSignal)
      process.on('SIGINT', onSignal)
    })
    try {
      await app.listen({host: settings.host, port: settings.port})
    } catch (error) {
      const {text} = await import('../src/domain/messages/text')
      throw new InfrastructureError(text('cli.cannotListen', {address: `${settings.host}:${settings.port}`, reason: (error as Error).message}))
    }
    await stopped
    app.log.info('stopped')
    return {stopped: true}
  }
}
