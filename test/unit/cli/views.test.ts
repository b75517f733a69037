import {expect} from 'chai'
import {Chalk} from 'chalk'
import stringWidth from 'string-width'

import {createStyle, shouldUseColour} from '../../../src/cli/style'
import {renderApplicationView} from '../../../src/cli/views/application-view'
import {renderOfficeView} from '../../../src/cli/views/office-view'
import {renderPasswordsView} from '../../../src/cli/views/passwords-view'
import {renderSubmissionPreview} from '../../../src/cli/views/preview-view'
import {renderImportResult, renderSubmissionResult, renderTransitionResult} from '../../../src/cli/views/result-view'
import {renderReviewCheckView} from '../../../src/cli/views/review-check-view'
import {renderStatusListView} from '../../../src/cli/views/status-list-view'
import {seedApplicationView, seedOfficeView, seedStatusListView} from './seed-views'

const ANSI = /\u001B\[[0-9;]*m/
const stripAnsi = (text: string) => text.replace(new RegExp(ANSI.source, 'g'), '')
const plain = createStyle(false)
const coloured = createStyle(true, new Chalk({level: 1}))

/** The line of `output` that contains `text`. */
function lineWith(output: string, text: string): string {
  const line = output.split('\n').find((candidate) => candidate.includes(text))
  expect(line, `a line with ${text}`).to.be.a('string')
  return line as string
}

const startOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)))

describe('renderApplicationView (システム設定申込内容 参照)', () => {
  const output = renderApplicationView(seedApplicationView(), 'ja', plain)

  it('shows the seed\'s 申込概要 with receipt number and status on one line', () => {
    expect(output).to.include('システム設定申込内容 参照')
    expect(lineWith(output, '受付番号')).to.match(/受付番号 +2101910C +ステータス +内容確認/)
    expect(lineWith(output, '申込日時')).to.match(/申込日時 +2021\/02\/02 11:15 +NACCS登録日$/)
    expect(lineWith(output, 'NACCS反映タイミング')).to.match(/日付を指定して登録を希望 +NACCS登録希望日 +2021\/02\/12/)
    expect(output).to.include('備考')
  })

  it('shows the 申込担当者情報 labels and values', () => {
    for (const [label, value] of [
      ['氏名', '利用 契約課'],
      ['氏名(フリガナ)', 'リヨウ ケイヤクカ'],
      ['所属部署名', '利用契約課'],
      ['電話番号', '0367326153'],
      ['FAX番号', '0367326156'],
      ['E-mailアドレス', 'data@naccs.jp'],
    ]) {
      expect(lineWith(output, value)).to.match(new RegExp(`${label.replace(/[()]/g, '\\$&')} +${value}`))
    }
    expect(output).to.match(/\n {2}役職名\n/)
  })

  it('shows the 申込情報 table with the values after the requested change', () => {
    const header = lineWith(output, '利用者コード  企業名(英)')
    for (const label of ['事業所名(英)', '事業所所在地(英)', '業務責任者名(英)', '区分', '業種']) expect(header).to.include(label)
    expect(lineWith(output, '1BNAC         NACCS')).to.match(/TOKYO OFFICE 2 +TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD\. 20F +T\.YAMADA +共用 +通関$/)
    const rowA = lineWith(output, '1ANAC         NACCS')
    expect(startOf(rowA, '共用')).to.equal(startOf(header, '区分'))
  })

  it('lists the requested registration changes as current → new, and the password resets with their reason', () => {
    expect(lineWith(output, '事業所名(英)      TOKYO')).to.match(/1BNAC +事業所名\(英\) +TOKYO OFFICE → TOKYO OFFICE 2/)
    expect(lineWith(output, '業務責任者名(英)  J')).to.include('J.YAMADA → T.YAMADA')
    expect(output).to.include('パスワード初期化')
    expect(lineWith(output, '1ANACA0A')).to.match(/1ANAC +1ANACA0A +担当者の異動のため/)
    expect(output).to.include('1ANACA01')
  })

  it('shows 進行状況 with the reviewer\'s notice, each line of it under 通知内容', () => {
    const header = lineWith(output, '作業項目')
    expect(header).to.match(/作業項目 +作業日 +通知内容/)
    const answer = lineWith(output, 'システム設定申込 回答(内容確認)')
    expect(answer).to.match(/2021\/02\/02 +こちらのパスワード初期化は承る事が出来ません。$/)
    const continuation = lineWith(output, '1ANACA0A で利用者情報登録')
    expect(startOf(continuation, '1ANACA0A')).to.equal(startOf(header, '通知内容'))
  })

  it('lists the mails with kind, recipients and state', () => {
    expect(lineWith(output, '受付完了メール')).to.match(/受付完了メール +data@naccs\.jp, admin@example\.jp +送信済み/)
    expect(lineWith(output, '確認依頼メール')).to.match(/送信待ち$/)
  })

  it('names the original and the amended receipt numbers only when there are any', () => {
    expect(output).not.to.include('修正元受付番号')
    expect(output).not.to.include('修正後受付番号')
    const amended = renderApplicationView(seedApplicationView({supersedes: '2101863C', supersededBy: '2101932C'}), 'ja', plain)
    expect(lineWith(amended, '修正元受付番号')).to.match(/修正元受付番号 +2101863C/)
    expect(lineWith(amended, '修正後受付番号')).to.match(/修正後受付番号 +2101932C/)
  })

  it('says until when issued passwords can be viewed, and how', () => {
    expect(output).not.to.include('--passwords')
    const completed = renderApplicationView(seedApplicationView({status: 'completed', passwordsVisibleUntil: '2021-02-05'}), 'ja', plain)
    expect(completed).to.include('nss status 2101910C --passwords')
    expect(completed).to.include('2021/02/05 23:59')
    expect(lineWith(completed, 'ステータス')).to.match(/審査終了$/)
  })

  it('keeps every line within maxWidth', () => {
    for (const maxWidth of [120, 80, 60]) {
      const narrow = renderApplicationView(seedApplicationView({passwordsVisibleUntil: '2021-02-05'}), 'ja', plain, {maxWidth})
      for (const line of narrow.split('\n')) expect(stringWidth(line), line).to.be.at.most(maxWidth)
      expect(narrow).to.include('2101910C')
    }
  })

  it('uses English labels for locale en, with the same data', () => {
    const english = renderApplicationView(seedApplicationView(), 'en', plain)
    expect(lineWith(english, 'Receipt no.')).to.match(/Receipt no\. +2101910C +Status +Query/)
    for (const label of ['Contact person', 'System settings', 'Progress', 'User code', 'Company name', 'On the date given', 'Registration changes']) {
      expect(english).to.include(label)
    }
    for (const label of ['受付番号', 'ステータス', '申込担当者情報', '進行状況', '利用者コード', '日付を指定して登録を希望']) {
      expect(english).not.to.include(label)
    }
    expect(english).to.include('こちらのパスワード初期化は承る事が出来ません。')
  })

  it('has no escape codes when the style is disabled, and the same text with colour when enabled', () => {
    expect(output).not.to.match(ANSI)
    const withColour = renderApplicationView(seedApplicationView(), 'ja', coloured)
    expect(withColour).to.match(ANSI)
    expect(stripAnsi(withColour)).to.equal(output)
  })
})

describe('renderStatusListView (メインメニュー 新着情報)', () => {
  it('shows the news as the seed does, then the applications', () => {
    const output = renderStatusListView(seedStatusListView(), 'ja', plain)
    expect(output).to.include('新着情報を表示しています。（最新の10件を表示）')
    expect(lineWith(output, '【2101910C】')).to.match(/^ {2}2021\/02\/02 {2}システム設定 {2}【2101910C】 {2}システム設定申込内容に確認事項があります。/)
    expect(startOf(lineWith(output, '【2101863C】'), 'システム設定申込内容')).to.equal(startOf(lineWith(output, '【2101910C】'), 'システム設定申込内容'))
    expect(lineWith(output, '受付番号')).to.match(/受付番号 +ステータス +申込日時$/)
    expect(lineWith(output, '2101910C  ')).to.match(/2101910C +内容確認 +2021\/02\/02 11:15$/)
  })

  it('adds the office column when the rows come from several offices (the review queue)', () => {
    const view = seedStatusListView({news: []})
    view.applications[1] = {...view.applications[1], office: 'KAIUN02'}
    const output = renderStatusListView(view, 'ja', plain)
    expect(lineWith(output, '受付番号')).to.match(/申込日時 +事業所$/)
    expect(lineWith(output, '2101863C')).to.match(/KAIUN02$/)
  })

  it("names the office in a reviewer's queue even when one office fills it", () => {
    const output = renderStatusListView(seedStatusListView({news: [], isReviewQueue: true}), 'ja', plain)
    expect(lineWith(output, '受付番号')).to.match(/処理期限 +残り +担当者 +最終更新 +事業所$/)
    expect(lineWith(output, '2101910C')).to.match(/NACCS01$/)
    // A reviewer has no 新着情報 of its own: the queue is its screen.
    expect(output).not.to.include('新着情報')
  })

  it('says so when there is no news and no application', () => {
    const output = renderStatusListView(seedStatusListView({news: [], applications: []}), 'ja', plain)
    expect(output).to.include('新着情報はありません。')
    expect(output).to.include('申込はありません。')
    const english = renderStatusListView(seedStatusListView({news: [], applications: []}), 'en', plain)
    expect(english).to.include('No news.')
    expect(english).to.include('No applications.')
  })
})

describe('renderPasswordsView', () => {
  const view = {
    receiptNo: '2101932C',
    visibleUntil: '2021-02-05',
    passwords: [
      {userCode: '1ANAC', ident: 'A0A', password: 'K3X9P2QZ'},
      {userCode: '1ANAC', ident: 'A01', password: '7HQ2MB4R'},
    ],
  }

  it('lists user IDs with their passwords, the deadline and the seed\'s URY reminder', () => {
    const output = renderPasswordsView(view, 'ja', plain)
    expect(lineWith(output, '利用者ID')).to.match(/利用者ID +パスワード$/)
    expect(lineWith(output, '1ANACA0A')).to.match(/1ANACA0A +K3X9P2QZ$/)
    expect(lineWith(output, '1ANACA01')).to.match(/1ANACA01 +7HQ2MB4R$/)
    expect(output).to.include('確認可能期限  2021/02/05 23:59')
    expect(output).to.include('※再発行したパスワードはそのまま使用せず、必ずNACCSの「利用者情報登録(URY)」業務にて変更してください。')
  })

  it('speaks English for locale en', () => {
    const output = renderPasswordsView(view, 'en', plain)
    expect(output).to.include('Viewable until  2021/02/05 23:59')
    expect(output).to.include('URY')
    expect(output).not.to.include('確認可能期限')
  })
})

describe('renderOfficeView', () => {
  const output = renderOfficeView(seedOfficeView(), 'ja', plain)

  it('shows the office, its user codes and user IDs', () => {
    expect(lineWith(output, '事業所コード')).to.match(/NACCS01$/)
    expect(lineWith(output, '利用者コード  企業名(英)')).to.match(/区分 +業種$/)
    expect(lineWith(output, '1ANAC ')).to.match(/J\.YAMADA +共用 +通関輸出入$/)
    expect(lineWith(output, '1ANACA03')).to.match(/1ANACA03 +インタ・POP3併用$/)
    expect(lineWith(output, '1BNACB01')).to.match(/インタ$/)
  })

  it('shows the scheduled changes with their date and receipt number', () => {
    expect(lineWith(output, '適用予定日')).to.match(/適用予定日 +受付番号 +利用者コード +変更内容/)
    expect(lineWith(output, '2021/02/12')).to.match(/2021\/02\/12 +2101932C +1BNAC +事業所名\(英\): TOKYO OFFICE → TOKYO OFFICE 2$/)
  })

  it('says so when no change is scheduled', () => {
    const office = seedOfficeView()
    office.userCodes[1].scheduled = []
    expect(renderOfficeView(office, 'ja', plain)).to.include('変更予定はありません。')
  })
})

describe('renderReviewCheckView', () => {
  it('lists each finding with its notice, then the notice --from-check sends', () => {
    const output = renderReviewCheckView(
      {
        receiptNo: '2101910C',
        findings: [
          {code: 'reset_selfservice', message: '1ANAC の他の利用者IDで初期化できます。', notice: 'こちらのパスワード初期化は承る事が出来ません。'},
          {code: 'desired_date_lead', message: 'NACCS登録希望日まで4営業日ありません。', notice: 'NACCS登録希望日を修正してください。'},
        ],
        notice: 'こちらのパスワード初期化は承る事が出来ません。\nNACCS登録希望日を修正してください。',
      },
      'ja',
      plain,
    )
    expect(output).to.include('1. 1ANAC の他の利用者IDで初期化できます。')
    expect(lineWith(output, '2. ')).to.include('NACCS登録希望日まで4営業日ありません。')
    expect(lineWith(output, '通知内容  こちら')).to.match(/^ {5}通知内容 {2}こちらのパスワード初期化は承る事が出来ません。$/)
    expect(output).to.include('--query --from-check')
  })

  it('says there are no findings', () => {
    expect(renderReviewCheckView({receiptNo: '2101910C', findings: [], notice: ''}, 'ja', plain)).to.include('指摘事項はありません。')
    expect(renderReviewCheckView({receiptNo: '2101910C', findings: [], notice: ''}, 'en', plain)).to.include('No findings.')
  })
})

describe('result views', () => {
  it('prints the seed\'s completion sentences: the receipt number, the original when amended, and who the receipt mail went to', () => {
    const mailSent = 'システム設定申込受付完了のメールを申込担当者および管理責任者宛てに送信しましたので、ご確認ください。'
    expect(renderSubmissionResult({receiptNo: '2101910C', status: 'received', supersedes: null}, 'ja', plain)).to.equal(
      `システム設定申込の受付が完了しました。申込受付番号「2101910C」\n${mailSent}`,
    )
    expect(renderSubmissionResult({receiptNo: '2101932C', status: 'received', supersedes: '2101910C'}, 'ja', plain)).to.equal(
      `システム設定申込の受付が完了しました。申込受付番号「2101932C」 (修正元: 2101910C)\n${mailSent}`,
    )
    const english = renderSubmissionResult({receiptNo: '2101932C', status: 'received', supersedes: '2101910C'}, 'en', plain)
    expect(english).to.include('amends 2101910C').and.include('sent to the contact person and the administrator')
  })

  it('says what a transition did', () => {
    expect(renderTransitionResult({receiptNo: '2101910C', status: 'withdrawn'}, 'ja', plain)).to.include('取り下げました')
    expect(renderTransitionResult({receiptNo: '2101910C', status: 'query'}, 'ja', plain)).to.include('内容確認')
    expect(renderTransitionResult({receiptNo: '2101910C', status: 'completed'}, 'ja', plain)).to.include('審査終了')
    expect(renderTransitionResult({receiptNo: '2101910C', status: 'withdrawn'}, 'en', plain)).to.equal('Application 2101910C withdrawn.')
  })

  it('counts what an import loaded', () => {
    expect(renderImportResult({offices: 2, userCodes: 4, userIds: 9}, 'ja', plain)).to.equal(
      '取り込みが完了しました。事業所 2件、利用者コード 4件、利用者ID 9件',
    )
  })

  it('is two lines, the completion and the receipt mail, coloured only when the style is enabled', () => {
    const result = {receiptNo: '2101932C', status: 'received' as const, supersedes: null}
    expect(renderSubmissionResult(result, 'ja', plain)).not.to.match(ANSI)
    expect(renderSubmissionResult(result, 'ja', coloured)).to.match(ANSI)
    expect(renderSubmissionResult(result, 'ja', coloured).split('\n')).to.have.length(2)
  })
})

describe('shouldUseColour', () => {
  it('colours a terminal only, never with --json or NO_COLOR', () => {
    expect(shouldUseColour({isTTY: true, env: {}, isJson: false})).to.equal(true)
    expect(shouldUseColour({isTTY: false, env: {}, isJson: false})).to.equal(false)
    expect(shouldUseColour({isTTY: undefined, env: {}, isJson: false})).to.equal(false)
    expect(shouldUseColour({isTTY: true, env: {NO_COLOR: '1'}, isJson: false})).to.equal(false)
    expect(shouldUseColour({isTTY: true, env: {}, isJson: true})).to.equal(false)
  })

  it('colours even where chalk detects no colour support, once the caller has decided', () => {
    expect(createStyle(true).heading('申込概要')).to.match(ANSI)
    expect(createStyle(false).heading('申込概要')).to.equal('申込概要')
  })
})

describe('renderSubmissionPreview (システム設定申込内容 確認, issue 13)', () => {
  const view = seedApplicationView()
  const preview = {
    office: view.office, officeName: view.officeName, timing: view.timing, desiredDate: view.desiredDate, remarks: view.remarks,
    contact: view.contact, entries: view.entries, supersedes: null, changes: [], locale: view.locale,
  }

  it('shows the seed\'s 確認 screen: its title and sentence, NACCS登録希望日に関する項目, 申込担当者情報 and 申込情報, and that it would be accepted', () => {
    const output = renderSubmissionPreview({valid: true, issues: [], preview}, 'ja', plain)
    for (const text of ['システム設定申込内容 確認', '入力した内容を確認してください。', 'NACCS登録希望日に関する項目', '申込担当者情報', '申込情報', 'この内容で申込できます']) {
      expect(output).to.include(text)
    }
    expect(lineWith(output, 'NACCS登録希望日 ')).to.include('2021/02/12')
    expect(output).to.not.include('修正内容')
  })

  it('shows an amendment\'s changes as current → new, a missing value as —, in English for locale en', () => {
    const changes = [
      {field: 'timing', current: 'date', new: 'earliest'},
      {field: 'desiredDate', current: '2021-02-12', new: null},
      {field: 'entries.1ANAC.passwordReset.ids', current: ['A0A', 'A01'], new: ['A0A', 'A0B']},
    ]
    const output = renderSubmissionPreview({valid: true, issues: [], preview: {...preview, supersedes: '2101910C', changes, locale: 'en' as const}}, 'ja', plain)
    expect(output).to.include('Amendment of receipt no. 2101910C')
    expect(lineWith(output, 'Timing  ')).to.include('On the date given → Earliest possible date')
    expect(output).to.include('2021/02/12 → —')
    expect(output).to.include('A0A, A01 → A0A, A0B')
    expect(output).to.include('nss amend 2101910C')
  })

  it('lists every problem and says it would not be accepted, with no preview to show', () => {
    const issues = [{path: 'contact.email', message: 'E-mailアドレスの形式が正しくありません。'}, {path: 'remarks', message: '備考は240文字以内で入力してください。'}]
    const output = renderSubmissionPreview({valid: false, issues, preview: null}, 'ja', plain)
    expect(output).to.include('- contact.email: E-mailアドレスの形式が正しくありません。')
    expect(output).to.include('- remarks: 備考は240文字以内で入力してください。')
    expect(output).to.include('問題が 2 件')
    expect(output).to.not.include('申込担当者情報')
  })
})
