import {expect} from 'chai'
import iconv = require('iconv-lite')
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {readMasterDataFile} from '../../../src/app/master-data-file'
import {InvalidInputError, NotFoundError} from '../../../src/domain/errors'
import {OfficeRecord} from '../../../src/domain/master-data'

const EXAMPLES = resolve(__dirname, '../../../../examples')

const NACCS_REGISTRATION = {
  companyNameEn: 'NACCS TRADE COMPANY', officeNameEn: 'TOKYO OFFICE',
  addressEn: 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F', managerNameEn: 'J.YAMADA',
}

/** The seed's office and the second office of the isolation tests, as examples/offices.* hold them. */
const EXPECTED: OfficeRecord[] = [
  {
    code: 'NACCS01', name: 'NACCSトレード株式会社 東京事業所', adminName: '山田 次郎', adminEmail: 'admin@example.jp', locale: 'ja',
    userCodes: [
      {code: '1ANAC', ...NACCS_REGISTRATION, systemClass: 'shared', industry: '通関輸出入', userIds: [
        {ident: 'A0A', method: 'net'}, {ident: 'A0B', method: 'net'}, {ident: 'A01', method: 'interactive'},
        {ident: 'A02', method: 'interactive'}, {ident: 'A03', method: 'interactive_pop3'},
      ]},
      {code: '1BNAC', ...NACCS_REGISTRATION, systemClass: 'shared', industry: '通関', userIds: [
        {ident: 'A0A', method: 'net'}, {ident: 'A01', method: 'interactive'},
      ]},
      {code: '1CNAC', ...NACCS_REGISTRATION, systemClass: 'sea', industry: '船社', userIds: [{ident: 'A0A', method: 'net'}]},
    ],
  },
  {
    code: 'OTHER01', name: 'アザー物流株式会社', adminName: '大阪 三郎', adminEmail: 'other-admin@example.jp', locale: 'ja',
    userCodes: [
      {code: '2ANAC', companyNameEn: 'OTHER LOGISTICS CO.', officeNameEn: 'OSAKA OFFICE',
        addressEn: 'OSAKA FU OSAKA SHI KITA KU UMEDA 1-1-1', managerNameEn: 'S.OSAKA', systemClass: 'sea', industry: '船社',
        userIds: [{ident: 'A0A', method: 'net'}, {ident: 'A01', method: 'interactive'}]},
    ],
  },
]

const HEADER = 'office_code,office_name,admin_name,admin_email,locale,user_code,company_name_en,office_name_en,address_en,manager_name_en,system_class,industry,ident,method'
const OFFICE = 'NACCS01,NACCSトレード株式会社 東京事業所,山田 次郎,admin@example.jp,ja'
const REGISTRATION = 'NACCS TRADE COMPANY,TOKYO OFFICE,TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F,J.YAMADA'

/** A CSV row of the seed's office; `cells` replaces cells by column name. */
function row(userCode: string, ident: string, method: string, cells: Record<string, string> = {}): string {
  const values = [OFFICE, userCode, REGISTRATION, 'shared', '通関輸出入', ident, method].join(',').split(',')
  const columns = HEADER.split(',')
  for (const [column, value] of Object.entries(cells)) values[columns.indexOf(column)] = value
  return values.join(',')
}

/** The error `read` must throw, checked to be an InvalidInputError. */
function invalidInputOf(read: () => unknown): InvalidInputError {
  try {
    read()
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError)
    return error as InvalidInputError
  }
  expect.fail('the file was accepted')
}

describe('readMasterDataFile (SPEC §2)', () => {
  let dir: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nss-master-data-'))
  })

  after(() => {
    rmSync(dir, {recursive: true, force: true})
  })

  /** Writes a file into the temporary directory and returns its path. */
  function write(name: string, content: string | Buffer): string {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }

  describe('the examples', () => {
    it('reads examples/offices.json as the seed\'s office and the isolation office', () => {
      expect(readMasterDataFile(join(EXAMPLES, 'offices.json'), {})).to.deep.equal(EXPECTED)
    })

    it('reads examples/offices.csv, saved with a BOM like Excel\'s "CSV UTF-8", to the same records', () => {
      const bytes = readFileSync(join(EXAMPLES, 'offices.csv'))
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf])
      expect(readMasterDataFile(join(EXAMPLES, 'offices.csv'), {})).to.deep.equal(EXPECTED)
    })

    it('reads the same CSV without a BOM, with LF line ends', () => {
      const text = readFileSync(join(EXAMPLES, 'offices.csv'), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
      expect(readMasterDataFile(write('no-bom.csv', text), {})).to.deep.equal(EXPECTED)
    })

    it('reads JSON that starts with a BOM', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(EXAMPLES, 'offices.json'))])
      expect(readMasterDataFile(write('bom.json', bytes), {})).to.deep.equal(EXPECTED)
    })
  })

  describe('encodings', () => {
    let sjisPath: string

    before(() => {
      const text = readFileSync(join(EXAMPLES, 'offices.csv'), 'utf8').replace(/^\uFEFF/, '')
      sjisPath = write('offices-sjis.csv', iconv.encode(text, 'cp932'))
    })

    it('reads a cp932 (Shift_JIS) CSV from Japanese Excel with encoding cp932', () => {
      expect(readMasterDataFile(sjisPath, {encoding: 'cp932'})).to.deep.equal(EXPECTED)
    })

    it('refuses the cp932 CSV read as UTF-8, naming the first bad line and suggesting --encoding cp932', () => {
      const error = invalidInputOf(() => readMasterDataFile(sjisPath, {}))
      expect(error.issues).to.have.length(1)
      expect(error.issues[0].path).to.equal('offices-sjis.csv:2')
      expect(error.issues[0].message).to.contain('not valid UTF-8').and.contain('--encoding cp932')
    })

    it('honours a UTF-8 BOM even when cp932 is asked for', () => {
      expect(readMasterDataFile(join(EXAMPLES, 'offices.csv'), {encoding: 'cp932'})).to.deep.equal(EXPECTED)
    })

    it('refuses bytes that are not cp932 either', () => {
      const bytes = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0x81, 0x0a])])
      const error = invalidInputOf(() => readMasterDataFile(write('broken.csv', bytes), {encoding: 'cp932'}))
      expect(error.issues[0].path).to.equal('broken.csv:2')
      expect(error.issues[0].message).to.contain('not valid cp932')
    })
  })

  describe('CSV', () => {
    it('reports three bad rows at once, each with file, line, column and reason', () => {
      const path = write('bad-rows.csv', [
        HEADER,
        row('1ANAC', 'A0A', 'net'),
        row('1ANAC', 'A0', 'net'),
        row('1ANAC', 'A01', 'interactive'),
        row('1ANAC', 'A02', 'fax'),
        row('1BNAC', 'A0A', 'net', {industry: '通関'}),
        row('1CNAC', 'A0A', 'net', {company_name_en: 'naccs trade', system_class: '海上', industry: '船社'}),
      ].join('\r\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.message).to.equal('bad-rows.csv: 3 problems found; nothing was read')
      expect(error.issues.map((issue) => issue.path)).to.deep.equal([
        'bad-rows.csv:3:ident', 'bad-rows.csv:5:method', 'bad-rows.csv:7:company_name_en',
      ])
      expect(error.issues[0].message).to.contain('3 characters of 0-9 and A-Z')
      expect(error.issues[1].message).to.contain('unknown processing method "fax"')
      expect(error.issues[2].message).to.contain('upper-case half-width')
    })

    it('groups rows into offices and user codes and maps Japanese labels, whatever the row order', () => {
      const path = write('labels.csv', [
        HEADER,
        row('1BNAC', 'A01', 'インタ', {system_class: '海上・航空共用', industry: '通関'}),
        row('1ANAC', 'A03', 'インタ・POP3併用'),
        row('1BNAC', 'A0A', 'netNACCS', {system_class: '海上・航空共用', industry: '通関'}),
        '',
        ',,,,,,,,,,,,,',
      ].join('\n'))
      const [office] = readMasterDataFile(path, {})
      expect(office.userCodes.map((userCode) => [userCode.code, userCode.systemClass, userCode.userIds])).to.deep.equal([
        ['1BNAC', 'shared', [{ident: 'A01', method: 'interactive'}, {ident: 'A0A', method: 'net'}]],
        ['1ANAC', 'shared', [{ident: 'A03', method: 'interactive_pop3'}]],
      ])
    })

    it('refuses rows of one office that disagree on the office name, naming both lines', () => {
      const path = write('office-conflict.csv', [
        HEADER,
        row('1ANAC', 'A0A', 'net'),
        row('1ANAC', 'A01', 'interactive'),
        row('1BNAC', 'A0A', 'net', {office_name: 'NACCSトレード株式会社 大阪事業所', industry: '通関'}),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.deep.equal([{
        path: 'office-conflict.csv:4:office_name',
        message: 'differs from line 2 of the same office NACCS01 ("NACCSトレード株式会社 東京事業所" there, "NACCSトレード株式会社 大阪事業所" here)',
      }])
    })

    it('refuses rows of one user code that disagree on its fields, naming both lines', () => {
      const path = write('user-code-conflict.csv', [
        HEADER,
        row('1ANAC', 'A0A', 'net'),
        row('1ANAC', 'A01', 'interactive', {industry: '通関'}),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.deep.equal([{
        path: 'user-code-conflict.csv:3:industry',
        message: 'differs from line 2 of the same user code 1ANAC ("通関輸出入" there, "通関" here)',
      }])
    })

    it('refuses an unknown system class at its line and column', () => {
      const path = write('system-class.csv', [HEADER, row('1ANAC', 'A0A', 'net', {system_class: '陸上'})].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.deep.equal([{path: 'system-class.csv:2:system_class', message: 'unknown system class "陸上": use sea, air, shared'}])
    })

    it('refuses a duplicate identification number at the second row, naming the first', () => {
      const path = write('duplicate-ident.csv', [
        HEADER, row('1ANAC', 'A0A', 'net'), row('1ANAC', 'A01', 'interactive'), row('1ANAC', 'A0A', 'interactive'),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.deep.equal([{
        path: 'duplicate-ident.csv:4:ident',
        message: 'identification number A0A appears more than once under user code 1ANAC (first at duplicate-ident.csv:2:ident)',
      }])
    })

    it('refuses a user code that two offices claim', () => {
      const path = write('shared-user-code.csv', [
        HEADER, row('1ANAC', 'A0A', 'net'), row('1ANAC', 'A0A', 'net', {office_code: 'OTHER01', office_name: 'アザー物流株式会社'}),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues.map((issue) => issue.path)).to.deep.equal(['shared-user-code.csv:3:user_code'])
      expect(error.issues[0].message).to.contain('first at shared-user-code.csv:2:user_code')
    })

    it('reports an empty required cell as required', () => {
      const path = write('empty-cell.csv', [HEADER, row('1ANAC', 'A0A', 'net', {manager_name_en: ''})].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.deep.equal([{path: 'empty-cell.csv:2:manager_name_en', message: 'required'}])
    })

    it('defaults an empty locale cell to ja', () => {
      const path = write('no-locale.csv', [HEADER, row('1ANAC', 'A0A', 'net', {locale: ''})].join('\n'))
      expect(readMasterDataFile(path, {})[0].locale).to.equal('ja')
    })

    it('refuses missing and unknown header columns', () => {
      const header = HEADER.replace('manager_name_en', 'manager').replace(',method', '')
      const path = write('header.csv', [header, row('1ANAC', 'A0A', 'net')].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues.map((issue) => [issue.path, issue.message.split(' (')[0]])).to.deep.equal([
        ['header.csv:1:manager', 'unknown column'],
        ['header.csv:1:manager_name_en', 'missing column'],
        ['header.csv:1:method', 'missing column'],
      ])
    })

    it('accepts the columns in any order', () => {
      const columns = HEADER.split(',')
      const order = [...columns].reverse()
      const cells = row('1ANAC', 'A0A', 'net').split(',')
      const text = [order.join(','), order.map((column) => cells[columns.indexOf(column)]).join(',')].join('\n')
      expect(readMasterDataFile(write('reversed.csv', text), {})[0].userCodes[0].userIds).to.deep.equal([{ident: 'A0A', method: 'net'}])
    })

    it('refuses a row with the wrong number of fields and still checks the others', () => {
      const path = write('field-count.csv', [HEADER, `${row('1ANAC', 'A0A', 'net')},extra`, row('1ANAC', 'A01', 'bogus')].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.have.length(2)
      expect(error.issues[0]).to.deep.equal({path: 'field-count.csv:2', message: 'the row has 15 fields but the header has 14'})
      expect(error.issues[1].path).to.equal('field-count.csv:3:method')
    })

    it('counts lines correctly after a quoted cell that spans lines', () => {
      const path = write('multiline.csv', [
        HEADER,
        row('1ANAC', 'A0A', 'net', {industry: '"通関\n輸出入"'}),
        row('1BNAC', 'A0', 'net', {industry: '通関'}),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues.map((issue) => issue.path)).to.deep.equal(['multiline.csv:2:industry', 'multiline.csv:4:ident'])
      expect(error.issues[0].message).to.contain('line breaks')
    })

    it('reports an unclosed quote with its line', () => {
      const path = write('quote.csv', [
        HEADER,
        row('1ANAC', 'A0A', 'net', {office_name: '"NACCS ""TRADE"""'}),
        row('1ANAC', 'A01', 'net', {office_name: '"NACCS'}),
        row('1ANAC', 'A02', 'net'),
        row('1ANAC', 'A03', 'net'),
      ].join('\n'))
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues).to.have.length(1)
      // The quote opens on line 3; csv-parse itself would blame the end of the file.
      expect(error.issues[0].path).to.equal('quote.csv:3')
      expect(error.issues[0].message).to.equal('CSV syntax error: a quoted cell is not closed')
    })

    it('refuses a header without rows', () => {
      const error = invalidInputOf(() => readMasterDataFile(write('header-only.csv', `\uFEFF${HEADER}\r\n`), {}))
      expect(error.issues).to.deep.equal([{path: 'header-only.csv:1', message: 'there are no data rows after the header'}])
    })
  })

  describe('JSON', () => {
    it('names the line and column of a syntax error', () => {
      const text = '{\n  "offices": [\n    {"code": "NACCS01" "name": "x"}\n  ]\n}\n'
      const error = invalidInputOf(() => readMasterDataFile(write('syntax.json', text), {}))
      expect(error.issues).to.deep.equal([{path: 'syntax.json:3:24', message: 'JSON syntax error: unexpected "\\""; expected "," or "}"'}])
    })

    it('counts the column in characters on a line with Japanese text', () => {
      const text = '{"offices": [{"name": "東京事業所",, "code": "X"}]}'
      const error = invalidInputOf(() => readMasterDataFile(write('column.json', text), {}))
      // The second comma is the 31st character (the 36th UTF-16 unit would be the wrong answer).
      expect(error.issues[0].path).to.equal('column.json:1:31')
    })

    it('reports a truncated file at its end', () => {
      const error = invalidInputOf(() => readMasterDataFile(write('truncated.json', '{"offices": [\n'), {}))
      expect(error.issues).to.deep.equal([{path: 'truncated.json:2:1', message: 'JSON syntax error: unexpected end of file; expected a value'}])
    })

    it('names the line, column and data path of each invalid value', () => {
      const office = JSON.parse(readFileSync(join(EXAMPLES, 'offices.json'), 'utf8')).offices[0]
      office.adminEmail = 'admin@'
      office.userCodes[1].systemClass = 'land'
      delete office.userCodes[2].industry
      const path = write('values.json', JSON.stringify({offices: [office]}, null, 2))
      const lines = readFileSync(path, 'utf8').split('\n')
      const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1
      const error = invalidInputOf(() => readMasterDataFile(path, {}))
      expect(error.issues.map((issue) => issue.path)).to.deep.equal([
        `values.json:${lineOf('"admin@"')}:21:offices[0].adminEmail`,
        `values.json:${lineOf('"land"')}:26:offices[0].userCodes[1].systemClass`,
        // A missing field is shown at its enclosing object: the third user code's opening brace.
        `values.json:${lineOf('"1CNAC"') - 1}:9:offices[0].userCodes[2].industry`,
      ])
      expect(error.issues.map((issue) => issue.message)).to.deep.equal([
        'must be a valid e-mail address', 'unknown system class "land": use sea, air, shared', 'required',
      ])
    })

    it('decodes escapes like JSON.parse', () => {
      const office = {...EXPECTED[1], name: 'アザー\u7269\u6d41株式会社'}
      const text = JSON.stringify({offices: [office]}).replace('物流', '\\u7269\\u6d41').replace('OSAKA OFFICE', 'OSAKA\\/OFFICE')
      const [result] = readMasterDataFile(write('escapes.json', text), {})
      expect(result.name).to.equal('アザー物流株式会社')
      expect(result.userCodes[0].officeNameEn).to.equal('OSAKA/OFFICE')
    })
  })

  describe('files and formats', () => {
    it('throws NotFoundError for a missing file', () => {
      expect(() => readMasterDataFile(join(dir, 'nowhere.csv'), {})).to.throw(NotFoundError, 'no such file')
    })

    it('refuses an empty file', () => {
      const error = invalidInputOf(() => readMasterDataFile(write('empty.csv', ''), {}))
      expect(error.issues).to.deep.equal([{path: 'empty.csv', message: 'the file is empty'}])
      expect(invalidInputOf(() => readMasterDataFile(write('bom-only.json', '\uFEFF\n'), {})).issues[0].message).to.equal('the file is empty')
    })

    it('refuses a directory with a clear message', () => {
      mkdirSync(join(dir, 'folder.csv'))
      const error = invalidInputOf(() => readMasterDataFile(join(dir, 'folder.csv'), {}))
      expect(error.message).to.contain('is a directory')
    })

    it('takes the format from the option over the extension', () => {
      const path = write('offices.txt', readFileSync(join(EXAMPLES, 'offices.csv')))
      expect(readMasterDataFile(path, {format: 'csv'})).to.deep.equal(EXPECTED)
      expect(invalidInputOf(() => readMasterDataFile(path, {})).message).to.contain('--format')
      const upper = write('OFFICES.JSON', readFileSync(join(EXAMPLES, 'offices.json')))
      expect(readMasterDataFile(upper, {})).to.deep.equal(EXPECTED)
    })
  })
})
