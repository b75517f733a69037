import {expect} from 'chai'
import {findReceiptNumbers} from '../../../../src/mail/inbound/route-hints'

describe('route-hints', () => {
  describe('findReceiptNumbers', () => {
    it('finds 【2101910C】 as the desk writes it in a subject', () => {
      expect(findReceiptNumbers('Re: 【2101910C】申込内容の確認')).to.deep.equal(['2101910C'])
    })

    it('normalises full-width digits, letters and brackets, and a lower-case kind letter', () => {
      expect(findReceiptNumbers('【２１０１９１０Ｃ】 と ［2100002c］')).to.deep.equal(['2101910C', '2100002C'])
    })

    it('finds 受付番号: / 受付番号： / Receipt No. forms, once each, in order', () => {
      const text = '受付番号：２１００００５Ｃ\nReceipt No. 2100006C\n申込受付番号 2100005C\n[2100007C]'
      expect(findReceiptNumbers(text)).to.deep.equal(['2100005C', '2100006C', '2100007C'])
    })

    it('ignores bare eight-character words, sequence 00000 and unknown kind letters', () => {
      expect(findReceiptNumbers('電話 2101910C まで 【2100000C】 【2101910B】 受付番号: 21019100C')).to.deep.equal([])
    })
  })
})
