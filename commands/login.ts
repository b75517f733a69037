import {Flags} from '@oclif/core'
import {DeskCommand} from '../src/cli/base-command'
import {SCREEN_LABELS} from '../src/cli/labels'

export default class Login extends DeskCommand {
  static override summary = 'Log in to a desk server; its short-lived token is kept for the next commands'
  static override description = 'Asks for the password (NSS_PASSWORD or a prompt), gets a token from the desk server (nss serve) and keeps it in $XDG_CONFIG_HOME/nss-desk/credentials.json (mode 0600): the office and reviewer commands then go to that server. The token lasts as the server says (NSS_LOGIN_HOURS there, 12 hours by default); nss logout revokes and forgets it. Wrong, unknown and locked accounts get one and the same answer (exit 4). NSS_CA_FILE, when set, is kept with the login as the CA to trust.'
  static override examples = [
    '<%= config.bin %> login --url https://desk.example:8443 --office NACCS01',
    'NSS_CA_FILE=/etc/nss-desk/ca.pem <%= config.bin %> login --url https://127.0.0.1:8443 --reviewer r.sato',
  ]
  static override flags = {
    url: Flags.string({description: 'the desk server, https://HOST:PORT (or NSS_URL)', env: 'NSS_URL'}),
    office: Flags.string({description: 'log in as this office'}),
    reviewer: Flags.string({description: 'log in as this reviewer'}),
  }

  async run() {
    const {flags} = await this.parse(Login)
    const {InvalidInputError} = await import('../src/domain/errors')
    const {text} = await import('../src/domain/messages/text')
    const problems = []
    if (!flags.url) problems.push({path: 'url', message: text('cli.loginUrl')})
    if (Boolean(flags.office) === Boolean(flags.reviewer)) problems.push({path: 'argv', message: text('cli.loginWho')})
    if (problems.length > 0) throw new InvalidInputError(text('cli.loginNeeds'), problems)
    const {parseServerUrl, saveLogin} = await import('../src/cli/remote/endpoint')
    const url = parseServerUrl(flags.url as string, '--url')
    const password = await this.readPassword(SCREEN_LABELS[this.locale].passwordPrompt(flags.office ? 'office' : 'reviewer', (flags.office ?? flags.reviewer) as string))
    const {send} = await import('../src/cli/remote/client')
    const {API_PREFIX} = await import('../src/api/http')
    const caFile = process.env.NSS_CA_FILE || undefined
    const body = flags.office ? {office: flags.office, password} : {reviewer: flags.reviewer, password}
    const answer = await send({url, caFile}, {method: 'POST', path: `${API_PREFIX}/sessions`, body, headers: {}})
    const login = answer.body as {id: string; token: string; expiresAt: string; principal: {kind: 'office'; code: string} | {kind: 'reviewer'; id: string}}
    const file = saveLogin({url: url.origin, token: login.token, tokenId: login.id, expiresAt: login.expiresAt, principal: login.principal, ...(caFile ? {caFile} : {})})
    const who = login.principal.kind === 'office' ? {office: login.principal.code} : {reviewer: login.principal.id}
    this.print(SCREEN_LABELS[this.locale].loggedIn(url.origin, who, login.expiresAt, file))
    // The token is kept, never printed: JSON says where and until when.
    return {url: url.origin, principal: login.principal, tokenId: login.id, expiresAt: login.expiresAt, credentialsFile: file}
  }
}
