import {expect} from 'chai'
import {Chalk} from 'chalk'
import stringWidth from 'string-width'

import {renderKeyValueRows, renderKeyValues, renderTable} from '../../../src/cli/table'
import {displayWidth, longestWordWidth, padToWidth, wrapToWidth} from '../../../src/cli/text-width'

const ANSI = /\u001B\[[0-9;]*m/g
const stripAnsi = (text: string) => text.replace(ANSI, '')

/** The display column at which `cell` starts on `line` (measured without colour codes). */
function startColumn(line: string, cell: string): number {
  const plain = stripAnsi(line)
  const index = plain.indexOf(cell)
  expect(index, `"${cell}" on "${plain}"`).to.be.at.least(0)
  return stringWidth(plain.slice(0, index))
}

/** Display columns at which each cell of each row starts, finding the cells left to right on the row's line. */
function columnStarts(output: string, rows: string[][]): number[][] {
  const lines = output.split('\n').map(stripAnsi)
  return rows.map((row) => {
    const line = lines.find((candidate) => candidate.startsWith(row[0]))
    expect(line, `a line starting with ${row[0]}`).to.be.a('string')
    let from = 0
    return row.map((cell) => {
      const index = (line as string).indexOf(cell, from)
      expect(index, `"${cell}" on "${line}"`).to.be.at.least(0)
      from = index + cell.length
      return stringWidth((line as string).slice(0, index))
    })
  })
}

const HEADERS = ['利用者コード', '企業名(英)', '区分', '業種', '備考']
const ROWS = [
  ['1ANAC', 'NACCS TRADE COMPANY', '共用', '通関輸出入', 'x'],
  ['1BNAC', 'ＮＡＣＣＳ商事', 'Sea/Air', 'a', '全角と半角が混在'],
  ['1CNAC', 'ｱｲｳ half-width kana', '海上', '船社', 'é combining e\u0301'],
]

describe('renderTable', () => {
  it('starts column k of every row at the same display column, whatever the mix of wide and narrow text', () => {
    const output = renderTable(HEADERS, ROWS)
    const starts = columnStarts(output, [HEADERS, ...ROWS])
    for (const row of starts) expect(row).to.deep.equal(starts[0])
  })

  it('separates columns by two spaces after the widest cell', () => {
    const output = renderTable(HEADERS, ROWS)
    const [starts] = columnStarts(output, [HEADERS])
    const widest = HEADERS.map((header, index) => Math.max(stringWidth(header), ...ROWS.map((row) => stringWidth(row[index]))))
    for (let index = 0; index + 1 < HEADERS.length; index++) {
      expect(starts[index + 1] - starts[index]).to.equal(widest[index] + 2)
    }
  })

  it('underlines each header with dashes as wide as its column', () => {
    const lines = renderTable(['受付番号', 'ステータス'], [['2101910C', '内容確認']]).split('\n')
    expect(lines[1]).to.equal('--------  ----------')
    expect(lines[2]).to.equal('2101910C  内容確認')
  })

  it('draws no header lines when the headers are empty (the seed\'s 新着情報 list)', () => {
    const output = renderTable([], [['2021/02/02', 'システム設定', '【2101910C】']])
    expect(output).to.equal('2021/02/02  システム設定  【2101910C】')
  })

  it('leaves no trailing spaces when the last cells are empty', () => {
    const output = renderTable(['作業項目', '作業日', '通知内容'], [['システム設定申込', '2021/02/02', '']])
    for (const line of output.split('\n')) expect(line).to.equal(line.trimEnd())
  })

  it('puts the lines of a multi-line cell under each other in its column', () => {
    const output = renderTable(['作業項目', '通知内容'], [['回答(内容確認)', '一行目\n二行目']])
    const lines = output.split('\n')
    expect(startColumn(lines[2], '一行目')).to.equal(startColumn(lines[3], '二行目'))
  })

  describe('with maxWidth', () => {
    const address = 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F'
    const notice = 'こちらのパスワード初期化は承る事が出来ません。同一利用者コードの他の利用者IDから利用者情報登録(URY)業務で初期化してください。'
    const headers = ['利用者コード', '事業所所在地(英)', '通知内容']
    const rows = [['1ANAC', address, notice], ['1BNAC', 'TOKYO', '']]

    for (const maxWidth of [100, 80, 60, 41, 30]) {
      it(`keeps every line within ${maxWidth} columns and the columns aligned`, () => {
        const output = renderTable(headers, rows, {maxWidth})
        for (const line of output.split('\n')) expect(stringWidth(line), line).to.be.at.most(maxWidth)
        const [first, second] = columnStarts(output, [['1ANAC', 'TOKYO'], ['1BNAC', 'TOKYO']])
        expect(first).to.deep.equal(second)
      })
    }

    it('wraps rather than cuts: every word of the address and every character of the notice survive', () => {
      const output = renderTable(headers, rows, {maxWidth: 60})
      for (const word of address.split(' ')) expect(output).to.include(word)
      const noticeLines = renderTable(['通知内容'], [[notice]], {maxWidth: 21}).split('\n').slice(2)
      expect(noticeLines.length).to.be.greaterThan(5)
      expect(noticeLines.join('')).to.equal(notice)
    })

    it('does not wrap at all when everything fits', () => {
      const output = renderTable(headers, rows, {maxWidth: 300})
      expect(output.split('\n')).to.have.length(4)
    })

    it('wraps a long header before the cells when the cells alone fit', () => {
      const output = renderTable(['利用者コード', '区分'], [['1ANAC', '共用']], {maxWidth: 14})
      const lines = output.split('\n')
      expect(lines).to.have.length(4)
      expect(lines[0]).to.match(/^利用者コ +区分$/)
      expect(lines[1]).to.equal('ード')
      expect(lines[3]).to.match(/^1ANAC +共用$/)
      for (const line of lines) expect(stringWidth(line)).to.be.at.most(14)
    })
  })

  it('measures coloured cells without their escape codes, so colour does not shift columns', () => {
    const paint = new Chalk({level: 1})
    const plain = renderTable(HEADERS, ROWS)
    const coloured = renderTable(HEADERS.map((header) => paint.cyan(header)), ROWS.map((row) => [paint.bold(row[0]), ...row.slice(1)]))
    expect(coloured).to.match(ANSI)
    expect(stripAnsi(coloured)).to.equal(plain)
  })
})

describe('wrapToWidth', () => {
  it('never splits a wide character, even at an odd width', () => {
    const lines = wrapToWidth('あいうえおかきくけこ', 5)
    expect(lines.join('')).to.equal('あいうえおかきくけこ')
    for (const line of lines) expect(displayWidth(line)).to.be.at.most(5)
    expect(lines[0]).to.equal('あい')
  })

  it('keeps a base character and its combining mark together', () => {
    const text = 'か\u3099き\u3099く\u3099' // が ぎ ぐ decomposed
    const lines = wrapToWidth(text, 2)
    expect(lines).to.deep.equal(['か\u3099', 'き\u3099', 'く\u3099'])
  })

  it('breaks English at spaces and drops the space it breaks at', () => {
    expect(wrapToWidth('TOKYO TO MINATO KU', 9)).to.deep.equal(['TOKYO TO', 'MINATO KU'])
  })

  it('cuts a word longer than the line between characters', () => {
    expect(wrapToWidth('ABCDEFGHIJ', 4)).to.deep.equal(['ABCD', 'EFGH', 'IJ'])
  })

  it('does not start a line with 。 or 、 (kinsoku)', () => {
    const lines = wrapToWidth('確認しました。通知内容', 12)
    for (const line of lines) expect(line.startsWith('。')).to.equal(false)
    expect(lines.join('')).to.equal('確認しました。通知内容')
  })

  it('keeps the text\'s own line breaks', () => {
    expect(wrapToWidth('一行目\n二行目', 40)).to.deep.equal(['一行目', '二行目'])
  })

  it('closes a colour at the end of each line and reopens it on the next', () => {
    const red = new Chalk({level: 1}).red('ABCD EFGH')
    const lines = wrapToWidth(red, 4)
    expect(lines.map(stripAnsi)).to.deep.equal(['ABCD', 'EFGH'])
    expect(lines[0].endsWith('\u001B[0m')).to.equal(true)
    expect(lines[1].startsWith('\u001B[31m')).to.equal(true)
  })
})

describe('text width helpers', () => {
  it('counts wide characters as two columns and colour codes as none', () => {
    expect(displayWidth('受付番号')).to.equal(8)
    expect(displayWidth('ｱｲｳ')).to.equal(3)
    expect(displayWidth(new Chalk({level: 1}).red('内容確認'))).to.equal(8)
  })

  it('pads by display width', () => {
    expect(padToWidth('共用', 6)).to.equal('共用  ')
    expect(padToWidth('ABCDEFG', 6)).to.equal('ABCDEFG')
  })

  it('measures the longest run of narrow characters as the longest word', () => {
    expect(longestWordWidth('TOKYO TO 10-100-1')).to.equal(8)
    expect(longestWordWidth('通関輸出入')).to.equal(2)
  })
})

describe('renderKeyValues', () => {
  it('pads labels by display width so every value starts at the same column', () => {
    const output = renderKeyValues([
      ['氏名', '利用 契約課'],
      ['氏名(フリガナ)', 'リヨウ ケイヤクカ'],
      ['E-mailアドレス', 'data@naccs.jp'],
    ])
    const lines = output.split('\n')
    const starts = [startColumn(lines[0], '利用'), startColumn(lines[1], 'リヨウ'), startColumn(lines[2], 'data@')]
    expect(new Set(starts).size).to.equal(1)
    expect(starts[0]).to.equal(stringWidth('氏名(フリガナ)') + 2)
  })

  it('lays out two pairs a row like the seed\'s 申込概要', () => {
    const output = renderKeyValueRows([
      [['受付番号', '2101910C'], ['ステータス', '内容確認']],
      [['申込日時', '2021/02/02 11:15'], ['NACCS登録日', '']],
      [['備考', '長い備考は二つ目の組の列まで続けて表示される']],
    ])
    const lines = output.split('\n')
    expect(lines[0]).to.match(/^受付番号 {2}2101910C {12}ステータス {3}内容確認$/)
    expect(startColumn(lines[0], 'ステータス')).to.equal(startColumn(lines[1], 'NACCS登録日'))
    expect(startColumn(lines[2], '長い')).to.equal(startColumn(lines[0], '2101910C'))
    expect(lines[1]).to.equal(lines[1].trimEnd())
  })

  it('falls back to one pair a row when two do not fit in maxWidth', () => {
    const rows: [string, string][][] = [[['Receipt no.', '2101910C'], ['Desired registration date', '2021/02/12']]]
    expect(renderKeyValueRows(rows, {maxWidth: 40}).split('\n')).to.have.length(2)
    expect(renderKeyValueRows(rows, {maxWidth: 80}).split('\n')).to.have.length(1)
  })

  it('wraps a long value within maxWidth under its own column', () => {
    const output = renderKeyValues([['備考', 'あ'.repeat(40)]], {maxWidth: 30})
    const lines = output.split('\n')
    for (const line of lines) expect(stringWidth(line)).to.be.at.most(30)
    expect(lines.length).to.be.greaterThan(1)
    expect(lines.slice(1).every((line) => line.startsWith('      あ'))).to.equal(true)
  })

  it('puts pairs two a row with columns: 2', () => {
    const output = renderKeyValues([['a', '1'], ['b', '2'], ['c', '3']], {columns: 2})
    expect(output.split('\n')).to.deep.equal(['a  1    b  2', 'c  3'])
  })
})
