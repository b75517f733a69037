import {expect} from 'chai'
import {renderText} from '../../../src/domain/messages'
import {PASSWORD_MAX_LENGTH, passwordPolicyIssues as raw} from '../../../src/domain/password-policy'

/** The policy's problems as an English reader reads them; `ja` for the Japanese. */
function passwordPolicyIssues(...args: Parameters<typeof raw>) {
  return raw(...args).map(issue => ({path: issue.path, message: renderText('en', issue.message)}))
}

describe('the password policy (issue 13)', () => {
  it('accepts a password of 8 characters that is neither the account nor the current one', () => {
    expect(passwordPolicyIssues('abcdefgh', {accountId: 'NACCS01', currentPassword: 'old-pass-1'})).to.deep.equal([])
  })

  it('counts characters, not bytes or UTF-16 units: 8 kana pass, 7 emoji do not', () => {
    expect(passwordPolicyIssues('あいうえおかきく', {accountId: 'NACCS01'})).to.deep.equal([])
    expect(passwordPolicyIssues('😀😀😀😀😀😀😀', {accountId: 'NACCS01'})).to.deep.equal([{path: 'password', message: 'at least 8 characters'}])
  })

  it('refuses a password longer than the maximum', () => {
    expect(passwordPolicyIssues('x'.repeat(PASSWORD_MAX_LENGTH + 1), {accountId: 'r.sato'})).to.deep.equal([{path: 'password', message: `at most ${PASSWORD_MAX_LENGTH} characters`}])
  })

  it('refuses the account code or ID itself, in any case or width, naming every problem at once', () => {
    expect(passwordPolicyIssues('ｒ.ｓａｔｏ.long', {accountId: 'r.sato.long'})).to.deep.equal([{path: 'password', message: 'must not be the office code or reviewer ID itself'}])
    expect(passwordPolicyIssues('naccs01', {accountId: 'NACCS01', currentPassword: 'naccs01'}, 'newPassword').map(i => i.message)).to.deep.equal([
      'at least 8 characters', 'must not be the office code or reviewer ID itself', 'must differ from the current password',
    ])
  })

  it('says every problem in Japanese to a Japanese reader', () => {
    expect(raw('naccs01', {accountId: 'NACCS01', currentPassword: 'naccs01'}).map(i => renderText('ja', i.message))).to.deep.equal([
      '8文字以上で入力してください。', '事業所コードや審査担当者IDそのものは使えません。', '現在のパスワードとは別のものにしてください。',
    ])
  })

  it('refuses the current password again', () => {
    expect(passwordPolicyIssues('same-pass-1', {accountId: 'NACCS01', currentPassword: 'same-pass-1'})).to.deep.equal([{path: 'password', message: 'must differ from the current password'}])
  })
})
