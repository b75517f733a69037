import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {corpusRoot, DEFAULT_CORPUS, readZammadExpected} from '../../../support/corpus'

describe('test support: the corpus is found, or the suite fails', () => {
  const saved = process.env.NSS_CORPUS
  afterEach(() => {
    if (saved === undefined) delete process.env.NSS_CORPUS
    else process.env.NSS_CORPUS = saved
  })

  it('fails when NSS_CORPUS names a folder that is not there', () => {
    process.env.NSS_CORPUS = '/nonexistent/corpus'
    expect(() => corpusRoot()).to.throw(/NSS_CORPUS=\/nonexistent\/corpus/)
  })

  it('uses the shared corpus when NSS_CORPUS is unset, and fails when that is missing too', () => {
    delete process.env.NSS_CORPUS
    if (fs.existsSync(path.join(DEFAULT_CORPUS, 'MANIFEST.tsv'))) expect(corpusRoot()).to.equal(DEFAULT_CORPUS)
    else expect(() => corpusRoot()).to.throw(/no test-mail corpus/)
  })

  it('reads the scalar fields of a Zammad answer file', () => {
    const yml = [
      '--- !ruby/hash:ActiveSupport::HashWithIndifferentAccess',
      "from: '\"A\" <a@x.jp>'",
      'subject: メルマガ解除',
      'body: "line one\\n\\n"',
      'note: |-',
      '  first',
      '  second',
      'attachments:',
      '- !ruby/hash:ActiveSupport::HashWithIndifferentAccess',
      '  filename: message.html',
    ].join('\n')
    expect(readZammadExpected(yml)).to.deep.equal({from: '"A" <a@x.jp>', subject: 'メルマガ解除', body: 'line one\n\n', note: 'first\nsecond'})
  })
})
