import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {InvalidInputError} from '../../../src/domain/errors'
import {formatDataPath, validateMasterData} from '../../../src/domain/master-data-schema'

const EXAMPLES = resolve(__dirname, '../../../../examples')

/** The data path itself as the location, so tests see exactly which field each issue names. */
const byPath = (path: string): string => path

function validUserCode(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: '1ANAC', companyNameEn: 'NACCS TRADE COMPANY', officeNameEn: 'TOKYO OFFICE',
    addressEn: 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F', managerNameEn: 'J.YAMADA',
    systemClass: 'shared', industry: '通関輸出入',
    userIds: [{ident: 'A0A', method: 'net'}, {ident: 'A01', method: 'interactive'}],
    ...overrides,
  }
}

function validOffice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: 'NACCS01', name: 'NACCSトレード株式会社 東京事業所', adminName: '山田 次郎', adminEmail: 'admin@example.jp',
    locale: 'ja', userCodes: [validUserCode()],
    ...overrides,
  }
}

/** The issues of the InvalidInputError that validating `input` must throw. */
function issuesOf(input: unknown): {path: string, message: string}[] {
  try {
    validateMasterData(input, byPath)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError)
    return (error as InvalidInputError).issues
  }
  expect.fail('validateMasterData accepted invalid input')
}

describe('master data schema (SPEC §2)', () => {
  it('accepts the example offices file and returns its records unchanged', () => {
    const input = JSON.parse(readFileSync(resolve(EXAMPLES, 'offices.json'), 'utf8'))
    const offices = validateMasterData(input, byPath)
    expect(offices).to.deep.equal(input.offices)
    expect(offices.map((office) => office.code)).to.deep.equal(['NACCS01', 'OTHER01'])
    expect(offices[0].userCodes.map((userCode) => userCode.userIds.length)).to.deep.equal([5, 2, 1])
  })

  it('defaults the locale to ja', () => {
    const {locale, ...office} = validOffice()
    expect(locale).to.equal('ja')
    const [result] = validateMasterData({offices: [{...office}]}, byPath)
    expect(result.locale).to.equal('ja')
    expect(validateMasterData({offices: [validOffice({locale: 'en'})]}, byPath)[0].locale).to.equal('en')
  })

  it('NFKC-normalizes and trims text, so full-width codes become half-width', () => {
    const [office] = validateMasterData({offices: [validOffice({
      code: ' ＮＡＣＣＳ０１ ',
      adminEmail: 'ａｄｍｉｎ@example.jp',
      userCodes: [validUserCode({code: '１ＡＮＡＣ', managerNameEn: 'Ｊ．ＹＡＭＡＤＡ　', userIds: [{ident: 'Ａ０１', method: ' net '}]})],
    })]}, byPath)
    expect(office.code).to.equal('NACCS01')
    expect(office.adminEmail).to.equal('admin@example.jp')
    expect(office.userCodes[0].code).to.equal('1ANAC')
    expect(office.userCodes[0].managerNameEn).to.equal('J.YAMADA')
    expect(office.userCodes[0].userIds).to.deep.equal([{ident: 'A01', method: 'net'}])
  })

  it('maps the seed\'s Japanese system class labels to codes', () => {
    const classes = ['海上', '航空', '共用', '海上・航空共用', '海上･航空共用', 'SEA', 'air']
    const [office] = validateMasterData({offices: [validOffice({
      userCodes: classes.map((systemClass, i) => validUserCode({code: `${i}ANAC`, systemClass})),
    })]}, byPath)
    expect(office.userCodes.map((userCode) => userCode.systemClass)).to.deep.equal(['sea', 'air', 'shared', 'shared', 'shared', 'sea', 'air'])
  })

  it('maps the seed\'s processing method labels to codes', () => {
    const methods = ['インタ', 'インタ・POP3併用', 'netNACCS', 'インタラクティブ', 'interactive_pop3', 'NET']
    const [office] = validateMasterData({offices: [validOffice({
      userCodes: [validUserCode({userIds: methods.map((method, i) => ({ident: `A0${i}`, method}))})],
    })]}, byPath)
    expect(office.userCodes[0].userIds.map((userId) => userId.method))
      .to.deep.equal(['interactive', 'interactive_pop3', 'net', 'interactive', 'interactive_pop3', 'net'])
  })

  it('rejects an unknown system class and names the accepted ones', () => {
    const issues = issuesOf({offices: [validOffice({userCodes: [validUserCode({systemClass: '陸上'})]})]})
    expect(issues).to.have.length(1)
    expect(issues[0].path).to.equal('offices[0].userCodes[0].systemClass')
    expect(issues[0].message).to.equal('unknown system class "陸上": use sea, air, shared')
  })

  it('rejects an unknown processing method and an unknown locale', () => {
    const issues = issuesOf({offices: [validOffice({locale: 'fr', userCodes: [validUserCode({userIds: [{ident: 'A01', method: 'fax'}]})]})]})
    expect(issues.map((issue) => issue.path)).to.deep.equal(['offices[0].locale', 'offices[0].userCodes[0].userIds[0].method'])
    expect(issues[1].message).to.contain('unknown processing method "fax"')
  })

  it('rejects an identification number that appears twice under one user code, naming the first', () => {
    const issues = issuesOf({offices: [validOffice({userCodes: [validUserCode({
      userIds: [{ident: 'A01', method: 'net'}, {ident: 'A02', method: 'net'}, {ident: 'Ａ０１', method: 'interactive'}],
    })]})]})
    expect(issues).to.deep.equal([{
      path: 'offices[0].userCodes[0].userIds[2].ident',
      message: 'identification number A01 appears more than once under user code 1ANAC (first at offices[0].userCodes[0].userIds[0].ident)',
    }])
  })

  it('allows the same identification number under different user codes', () => {
    const offices = validateMasterData({offices: [validOffice({userCodes: [validUserCode(), validUserCode({code: '1BNAC'})]})]}, byPath)
    expect(offices[0].userCodes.map((userCode) => userCode.userIds[0].ident)).to.deep.equal(['A0A', 'A0A'])
  })

  it('rejects a user code that appears in two offices, and an office code that appears twice', () => {
    const issues = issuesOf({offices: [
      validOffice(),
      validOffice({code: 'OTHER01', userCodes: [validUserCode({code: '1ANAC'})]}),
      validOffice({code: 'NACCS01', userCodes: [validUserCode({code: '1CNAC'})]}),
    ]})
    expect(issues.map((issue) => issue.path)).to.deep.equal(['offices[1].userCodes[0].code', 'offices[2].code'])
    expect(issues[0].message).to.equal('user code 1ANAC appears more than once in the file (first at offices[0].userCodes[0].code)')
    expect(issues[1].message).to.equal('office code NACCS01 appears more than once (first at offices[0].code)')
  })

  it('checks the shape of codes', () => {
    const issues = issuesOf({offices: [validOffice({
      code: 'NA',
      userCodes: [validUserCode({code: '1anac', userIds: [{ident: 'A0', method: 'net'}]})],
    })]})
    expect(issues.map((issue) => issue.path)).to.deep.equal([
      'offices[0].code', 'offices[0].userCodes[0].code', 'offices[0].userCodes[0].userIds[0].ident',
    ])
    expect(issues[1].message).to.contain('5 characters of 0-9 and A-Z')
  })

  it('requires upper-case half-width ASCII in the English fields, with their length limits', () => {
    const issues = issuesOf({offices: [validOffice({userCodes: [validUserCode({
      companyNameEn: 'Naccs Trade',
      officeNameEn: 'X'.repeat(71),
      addressEn: 'TOKYO 東京',
      managerNameEn: 'J.YAMADA!',
    })]})]})
    expect(issues.map((issue) => [issue.path, issue.message])).to.deep.equal([
      ['offices[0].userCodes[0].companyNameEn', "must be upper-case half-width letters, digits, spaces and . , - / & ' ( ) #"],
      ['offices[0].userCodes[0].officeNameEn', 'must be at most 70 characters'],
      ['offices[0].userCodes[0].addressEn', "must be upper-case half-width letters, digits, spaces and . , - / & ' ( ) #"],
      ['offices[0].userCodes[0].managerNameEn', "must be upper-case half-width letters, digits, spaces and . , - / & ' ( ) #"],
    ])
    const limits = validUserCode({
      companyNameEn: 'C'.repeat(70), officeNameEn: 'O'.repeat(70), addressEn: "A-1/2 & B'S (C) #3,".padEnd(105, 'A'), managerNameEn: 'M'.repeat(35),
    })
    expect(validateMasterData({offices: [validOffice({userCodes: [limits]})]}, byPath)[0].userCodes[0].addressEn).to.have.length(105)
    expect(issuesOf({offices: [validOffice({userCodes: [validUserCode({managerNameEn: 'M'.repeat(36)})]})]})[0].message)
      .to.equal('must be at most 35 characters')
  })

  it('counts the industry in code points, not UTF-16 units', () => {
    const twenty = '𠮷'.repeat(20)
    expect(twenty.length).to.equal(40)
    expect(validateMasterData({offices: [validOffice({userCodes: [validUserCode({industry: twenty})]})]}, byPath)[0].userCodes[0].industry)
      .to.equal(twenty)
    expect(issuesOf({offices: [validOffice({userCodes: [validUserCode({industry: `${twenty}業`})]})]}))
      .to.deep.equal([{path: 'offices[0].userCodes[0].industry', message: 'must be at most 20 characters'}])
  })

  it('limits the office name and administrator name, and requires a valid e-mail', () => {
    const issues = issuesOf({offices: [validOffice({name: 'あ'.repeat(101), adminName: 'い'.repeat(61), adminEmail: 'admin@'})]})
    expect(issues.map((issue) => [issue.path, issue.message])).to.deep.equal([
      ['offices[0].name', 'must be at most 100 characters'],
      ['offices[0].adminName', 'must be at most 60 characters'],
      ['offices[0].adminEmail', 'must be a valid e-mail address'],
    ])
  })

  it('reports missing, empty, mistyped and unknown fields, each at its own path', () => {
    const {adminName: _adminName, ...office} = validOffice({name: '  ', adminEmail: 42, adminMail: 'x@example.jp'})
    const issues = issuesOf({offices: [office]})
    expect(issues).to.deep.include.members([
      {path: 'offices[0].name', message: 'required'},
      {path: 'offices[0].adminName', message: 'required'},
      {path: 'offices[0].adminEmail', message: 'must be text'},
      {path: 'offices[0].adminMail', message: 'unknown field "adminMail"'},
    ])
    expect(issues).to.have.length(4)
  })

  it('rejects line breaks inside a name', () => {
    expect(issuesOf({offices: [validOffice({name: 'NACCS\nトレード'})]}))
      .to.deep.equal([{path: 'offices[0].name', message: 'must not contain line breaks, tabs or other control characters'}])
  })

  it('requires at least one office, user code and user ID', () => {
    expect(issuesOf({offices: []})).to.deep.equal([{path: 'offices', message: 'at least one office is required'}])
    expect(issuesOf({offices: [validOffice({userCodes: []})]})).to.deep.equal([{path: 'offices[0].userCodes', message: 'at least one user code is required'}])
    expect(issuesOf({offices: [validOffice({userCodes: [validUserCode({userIds: []})]})]}))
      .to.deep.equal([{path: 'offices[0].userCodes[0].userIds', message: 'at least one user ID is required'}])
    expect(issuesOf([validOffice()])).to.deep.equal([{path: '', message: 'must be an object'}])
  })

  it('reports every problem at once, each located by the source function', () => {
    const source = (path: string) => `here:${path}`
    let error: unknown
    try {
      validateMasterData({offices: [
        validOffice({code: 'x', userCodes: [validUserCode({systemClass: 'land', userIds: [{ident: 'A01', method: 'net'}, {ident: 'A01', method: 'net'}]})]}),
        validOffice({code: 'OTHER01', adminEmail: 'nobody'}),
      ]}, source)
    } catch (caught) {
      error = caught
    }
    expect(error).to.be.instanceOf(InvalidInputError)
    const {message, issues} = error as InvalidInputError
    expect(message).to.equal('master data has 5 problems')
    expect(issues.map((issue) => issue.path)).to.deep.equal([
      'here:offices[0].code',
      'here:offices[0].userCodes[0].systemClass',
      'here:offices[1].adminEmail',
      'here:offices[0].userCodes[0].userIds[1].ident',
      'here:offices[1].userCodes[0].code',
    ])
    expect(issues[4].message).to.contain('first at here:offices[0].userCodes[0].code')
  })
})

describe('formatDataPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatDataPath(['offices', 0, 'userCodes', 1, 'code'])).to.equal('offices[0].userCodes[1].code')
    expect(formatDataPath([])).to.equal('')
  })
})
