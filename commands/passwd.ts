import {actorFlags, DeskCommand} from '../src/cli/base-command'

export default class Passwd extends DeskCommand {
  static override summary = 'Change your own login password (パスワードの変更)'
  static override description = 'For the acting office (--office or NSS_OFFICE) or reviewer (--reviewer or NSS_REVIEWER); with NSS_URL or a saved nss login, for the token\'s account on the desk server. The current password comes from NSS_PASSWORD or a prompt and is checked like a login (a wrong one is exit 4 and counts toward the lock); the new one from NSS_NEW_PASSWORD or asked twice. The new password must have at least 8 characters, must not be the office code or reviewer ID, and must differ from the current one (exit 2 names every problem; nothing changes). Every other login of the account (nss login tokens) is logged out; API tokens ops created for scripts stay. Audited, without the password.'
  static override examples = [
    '<%= config.bin %> passwd --office NACCS01',
    'NSS_PASSWORD=… NSS_NEW_PASSWORD=… <%= config.bin %> passwd --reviewer r.sato --json',
    'NSS_URL=https://desk.example:8443 NSS_TOKEN=… NSS_PASSWORD=… NSS_NEW_PASSWORD=… <%= config.bin %> passwd',
  ]
  static override flags = {...actorFlags}

  async run() {
    const parsed = await this.parse(Passwd)
    const {operationOf, renderResult} = await import('../src/cli/verbs')
    const {InvalidInputError} = await import('../src/domain/errors')
    const {office, reviewer} = parsed.flags
    const {text} = await import('../src/domain/messages/text')
    if (office && reviewer) throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
    const useReviewer = reviewer !== undefined || (office === undefined && process.env.NSS_REVIEWER !== undefined && process.env.NSS_OFFICE === undefined)
    if (office === undefined && reviewer === undefined && process.env.NSS_OFFICE && process.env.NSS_REVIEWER) {
      throw new InvalidInputError(text('cli.bothActorEnv'), [{path: 'env', message: text('cli.ambiguousActor')}])
    }
    const id = useReviewer ? reviewer ?? process.env.NSS_REVIEWER : office ?? process.env.NSS_OFFICE
    if (!id) {
      const {AuthError} = await import('../src/domain/errors')
      throw new AuthError(text('cli.passwdWho'))
    }
    const operation = await operationOf('passwd', parsed)
    const {runOperation} = await import('../src/app/desk-operations')
    // Not logged in first: the use case checks the current password as the login would, once.
    const claimed = useReviewer ? {kind: 'reviewer' as const, id: id.trim()} : {kind: 'office' as const, code: id.normalize('NFKC').trim().toUpperCase()}
    const result = await runOperation(await this.desk(), claimed, operation as Extract<typeof operation, {verb: 'passwd'}>)
    this.print(renderResult('passwd', result, this.locale, this.style, {}))
    return result
  }
}
