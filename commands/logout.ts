import {DeskCommand} from '../src/cli/base-command'
import {SCREEN_LABELS} from '../src/cli/labels'

export default class Logout extends DeskCommand {
  static override summary = 'Log out of the desk server: revoke the saved token and forget it'
  static override description = 'Revokes the token nss login saved (the server refuses it from then on) and removes $XDG_CONFIG_HOME/nss-desk/credentials.json. A token the server no longer accepts is simply forgotten; when the server cannot be reached the login is kept (exit 6), so that it can be revoked later.'
  static override examples = ['<%= config.bin %> logout']

  async run() {
    await this.parse(Logout)
    const {forgetLogin, parseServerUrl, readSavedLogin} = await import('../src/cli/remote/endpoint')
    const saved = readSavedLogin()
    if (!saved) {
      this.print(SCREEN_LABELS[this.locale].notLoggedIn)
      return {loggedOut: false}
    }
    const {send} = await import('../src/cli/remote/client')
    const {API_PREFIX} = await import('../src/api/http')
    const {DeskError} = await import('../src/domain/errors')
    let revoked = true
    try {
      await send({url: parseServerUrl(saved.url), token: saved.token, caFile: process.env.NSS_CA_FILE || saved.caFile}, {method: 'DELETE', path: `${API_PREFIX}/session`, headers: {}})
    } catch (error) {
      // Refused (exit 4): revoked or expired already; anything else keeps the login for another try.
      if (!(error instanceof DeskError) || error.exitCode !== 4) throw error
      revoked = false
    }
    forgetLogin()
    this.print(SCREEN_LABELS[this.locale].loggedOut(saved.url, revoked))
    return {loggedOut: true, url: saved.url, tokenId: saved.tokenId, revoked}
  }
}
