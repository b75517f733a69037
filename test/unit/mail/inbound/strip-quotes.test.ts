import {expect} from 'chai'
import {extractNewText} from '../../../../src/mail/inbound/strip-quotes'

// Hand-made replies in the forms Japanese offices' clients write, around a query mail of the desk.
const QUOTED = ['> お世話になっております。NACCSセンターです。', '> 申込内容について確認させてください。', '>', '> 【2101910C】']

function reply(...lines: string[]): string {
  return lines.join('\n')
}

describe('strip-quotes', () => {
  describe('Japanese attribution lines', () => {
    it('strips a Gmail ja quote: 2021年2月2日(火) 11:15 山田 <x@y.jp>:', () => {
      const text = reply('承知しました。修正します。', '', '2021年2月2日(火) 11:15 NACCSセンター <nss@nss-desk.example.jp>:', '', ...QUOTED)
      const result = extractNewText(text)
      expect(result.text).to.equal('承知しました。修正します。')
      expect(result.quoted).to.include('2021年2月2日(火) 11:15').and.include('【2101910C】')
    })

    it('strips a Gmail ja attribution that the client wrapped over two lines', () => {
      const text = reply('承知しました。', '', '2021年2月2日(火) 11:15 NACCSセンター <', 'nss@nss-desk.example.jp>:', '', ...QUOTED)
      expect(extractNewText(text).text).to.equal('承知しました。')
    })

    it("strips Gmail's older form without a colon: 2013/7/20 山田 <x@y.jp>", () => {
      const text = reply('了解です。', '', '2013/7/20 NACCSセンター <nss@nss-desk.example.jp>', '', ...QUOTED)
      expect(extractNewText(text).text).to.equal('了解です。')
    })

    it('strips an Outlook ja header block (差出人 / 送信日時 / 宛先 / 件名) below a rule line', () => {
      const text = reply(
        'お世話になっております。',
        '修正いたしました。',
        '',
        '________________________________',
        '差出人: NACCSセンター <nss@nss-desk.example.jp>',
        '送信日時: 2021年2月2日 11:15',
        '宛先: 山田 太郎 <yamada@example.co.jp>',
        '件名: 【2101910C】申込内容の確認',
        '',
        'お世話になっております。',
      )
      expect(extractNewText(text).text).to.equal('お世話になっております。\n修正いたしました。')
    })

    it('strips an Outlook ja header block that has no rule line above it', () => {
      const text = reply('修正しました。', '', '差出人: NACCSセンター', '送信日時: 2021年2月2日 11:15', '宛先: yamada@example.co.jp', '件名: 【2101910C】申込内容の確認', '', '本文')
      expect(extractNewText(text).text).to.equal('修正しました。')
    })

    it('strips -----元のメッセージ----- and -----Original Message----- blocks', () => {
      for (const marker of ['-----元のメッセージ-----', '-----Original Message-----']) {
        const text = reply('取下げます。', '', marker, 'From: NACCSセンター', 'Sent: Tuesday, February 2, 2021 11:15 AM', '', '本文')
        expect(extractNewText(text).text, marker).to.equal('取下げます。')
      }
    })

    it('strips Thunderbird and Evolution ja: … に 山田 さんは書きました:', () => {
      for (const attribution of ['2021/02/02 11:15 に NACCSセンター さんは書きました:', '2006-11-08 (水) の 11:31 +0900 に NACCSセンター さんは書きました:']) {
        const text = reply('確認しました。', '', attribution, ...QUOTED)
        expect(extractNewText(text).text, attribution).to.equal('確認しました。')
      }
    })

    it('strips Thunderbird in English: On 2021/02/02 11:15, 山田 wrote:', () => {
      const text = reply('確認しました。', '', 'On 2021/02/02 11:15, NACCSセンター wrote:', ...QUOTED)
      expect(extractNewText(text).text).to.equal('確認しました。')
    })

    it('strips an iPhone ja reply: …のメール: and the iPhoneから送信 signature', () => {
      const text = reply('了解しました', '', 'iPhoneから送信', '', '2021/02/02 11:15、NACCSセンター <nss@nss-desk.example.jp>のメール:', '', ...QUOTED)
      const result = extractNewText(text)
      expect(result.text).to.equal('了解しました')
      expect(result.quoted).to.include('iPhoneから送信')
    })

    it('strips a Becky!-style attribution over two lines: On <date> / 山田 <x@y> wrote:', () => {
      const text = reply('承知しました。', '', 'On Tue, 02 Feb 2021 11:15:00 +0900', 'NACCSセンター <nss@nss-desk.example.jp> wrote:', '', ...QUOTED)
      expect(extractNewText(text).text).to.equal('承知しました。')
    })

    it('strips full-width ＞ quotes', () => {
      const text = reply('修正しました。', '', '＞ お世話になっております。', '＞ 【2101910C】')
      expect(extractNewText(text).text).to.equal('修正しました。')
    })
  })

  describe('signatures', () => {
    it('cuts at a "-- " separator', () => {
      expect(extractNewText(reply('修正しました。', '', '-- ', '山田 太郎', '株式会社サンプル')).text).to.equal('修正しました。')
    })

    it('cuts at a Japanese rule-line signature', () => {
      const text = reply('修正しました。', '', '━━━━━━━━━━━━━━━━', '株式会社サンプル 通関部', '山田 太郎 TEL 03-1234-5678', '━━━━━━━━━━━━━━━━')
      expect(extractNewText(text).text).to.equal('修正しました。')
    })

    it('takes a line naming a device (Android から送信) for a mobile signature, not a sentence like 担当から送信', () => {
      expect(extractNewText(reply('修正しました。', '', 'Android から送信', '', '> 引用')).text).to.equal('修正しました。')
      expect(extractNewText(reply('修正しました。', '担当から送信', '以上です。')).text).to.equal('修正しました。\n担当から送信\n以上です。')
    })

    it('keeps a reply form that follows a decorative rule line', () => {
      const text = reply(
        '修正します。',
        '━━━━━━━━━━━━━━━━',
        '-----ここから返信フォーム-----',
        '受付番号: 2101910C',
        '操作: 修正',
        '-----ここまで返信フォーム-----',
        '',
        '2021年2月2日(火) 11:15 NACCSセンター <nss@nss-desk.example.jp>:',
        ...QUOTED,
      )
      const result = extractNewText(text)
      expect(result.text).to.include('受付番号: 2101910C').and.include('操作: 修正').and.include('-----ここまで返信フォーム-----')
      expect(result.text).not.to.include('NACCSセンターです')
    })
  })

  describe('English and structure', () => {
    it('strips "On … wrote:" wrapped over two lines', () => {
      const text = reply('Thanks, fixed.', '', 'On Tue, Feb 2, 2021 at 11:15 AM NACCS Center <', 'nss@nss-desk.example.jp> wrote:', '', '> Please check.')
      expect(extractNewText(text).text).to.equal('Thanks, fixed.')
    })

    it('keeps an interleaved answer between quotes, drops the quote at the end', () => {
      const text = reply('Hello,', '', '> Question one?', '', 'Answer one.', '', '> Question two?', '', 'Answer two.', '', '> Regards')
      expect(extractNewText(text).text).to.equal('Hello,\n\n> Question one?\n\nAnswer one.\n\n> Question two?\n\nAnswer two.')
    })

    it('keeps a bottom-posted answer and drops the quote above it', () => {
      const text = reply('On Tue, Feb 2, 2021 at 11:15 AM NACCS <nss@nss-desk.example.jp> wrote:', '> Please check.', '> Thanks.', '', 'Checked, all fine.')
      expect(extractNewText(text).text).to.equal('Checked, all fine.')
    })

    it('does not take "On Monday I wrote to you" for an attribution', () => {
      const text = 'On Monday I wrote to you about the date.\nPlease use 20210212.'
      expect(extractNewText(text).text).to.equal(text)
    })

    it('returns the text unchanged when nothing is quoted, with CRLF normalised', () => {
      expect(extractNewText('取下げ\r\nよろしくお願いします。\r\n')).to.deep.equal({text: '取下げ\nよろしくお願いします。', quoted: ''})
    })

    it('leaves a header-like line inside the reply form to the form parser, and still strips a header block after the form', () => {
      const form = ['-----ここから返信フォーム-----', '受付番号: 2101910C', '操作: 修正', '備考: x', 'Bcc: evil@x.example', '-----ここまで返信フォーム-----']
      const outlook = ['', '________________________________', '差出人: NACCSセンター <nss@nss-desk.example.jp>', '送信日時: 2021年2月2日 11:15',
        '宛先: taro@example.jp', '件名: 【2101910C】システム設定申込 確認依頼のお知らせ', '', 'NACCSのご利用ありがとうございます。']
      const result = extractNewText(reply('修正します。', '', ...form, ...outlook))
      expect(result.text).to.equal(reply('修正します。', '', ...form))
      expect(result.quoted).to.include('差出人:').and.not.include('Bcc')
      // Outside a form such a line is still a stray header and goes.
      expect(extractNewText(reply('修正します。', 'Bcc: evil@x.example')).text).to.equal('修正します。')
    })

    it('returns empty text for empty input and for a quote of quotes only', () => {
      expect(extractNewText('').text).to.equal('')
      expect(extractNewText('> On Tue, Feb 2, 2021 at 11:15 AM X <x@y.jp> wrote:\n>\n>> text').text).not.to.include('wrote')
    })
  })
})
