import {expect} from 'chai'
import {InvalidInputError} from '../../src/domain/errors'
import {validateMasterData} from '../../src/domain/master-data-schema'
import {MASTER_DATA_EN} from '../../src/domain/messages/en/master-data'
import {MASTER_DATA_JA} from '../../src/domain/messages/ja/master-data'
import {itChecksTheCatalogue} from '../support/catalogue'

/** Sample parameters: 'X' for any name asked for, a known kind for an unknown choice. */
const sample = new Proxy({}, {get: (_, name) => (name === 'what' ? 'systemClass' : 'X')})

describe('the catalogue of nss office import (issue 13)', () => {
  itChecksTheCatalogue('masterData', MASTER_DATA_JA, MASTER_DATA_EN, {sample: () => sample, ending: /[。?]$/})

  it('keeps the English of the errors it replaced', () => {
    expect(MASTER_DATA_EN['masterData.unknownChoice']({what: 'processingMethod', value: 'fax', choices: 'netnaccs, interactive'}))
      .to.equal('unknown processing method "fax": use netnaccs, interactive')
    expect(MASTER_DATA_EN['masterData.fileSummary']({file: 'offices.csv', count: 1})).to.equal('offices.csv: 1 problem found; nothing was read')
    expect(MASTER_DATA_EN['masterData.summary']({count: 2})).to.equal('master data has 2 problems')
    expect(MASTER_DATA_EN['masterData.notUtf8']()).to.equal(
      'the file is not valid UTF-8; if it was saved by Japanese Excel (Shift_JIS), run again with --encoding cp932')
  })

  it('says the issues zod finds in the reader\'s language, and in English in the log', () => {
    let error: InvalidInputError | undefined
    try {
      validateMasterData({offices: [], extra: 1}, (path) => path)
    } catch (caught) {
      error = caught as InvalidInputError
    }
    expect(error).to.be.instanceOf(InvalidInputError)
    expect(error!.issues).to.deep.equal([
      {path: 'offices', message: 'at least one office is required'},
      {path: 'extra', message: 'unknown field "extra"'},
    ])
    expect(error!.in('ja')).to.deep.equal({
      message: 'マスタデータに2件の問題があります。',
      issues: [{path: 'offices', message: '事業所を1つ以上指定してください。'}, {path: 'extra', message: '不明な項目「extra」です。'}],
    })
  })
})
