/**
 * The checks every catalogue of src/domain/messages passes (issue 13): its keys carry its prefix, the
 * Japanese and the English catalogue have the same keys, each Japanese text is a Japanese sentence
 * (`ending`) and no English text holds a Japanese character. Called inside a catalogue's describe.
 */
import {expect} from 'chai'

export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/

type Texts = Record<string, unknown>

export function itChecksTheCatalogue(prefix: string, ja: Texts, en: Texts, options: {sample: (key: string) => object; ending: RegExp}): void {
  const say = (texts: Texts, key: string) => (texts[key] as (p: unknown) => string)(options.sample(key))

  it(`names every key with the ${prefix}. prefix`, () => {
    for (const key of [...Object.keys(ja), ...Object.keys(en)]) expect(key).to.match(new RegExp(`^${prefix}\\.`))
  })

  it('has the same keys in Japanese and in English', () => {
    expect(Object.keys(en).sort()).to.deep.equal(Object.keys(ja).sort())
  })

  it('says each Japanese text in Japanese, as a sentence, and each English text without a Japanese character', () => {
    for (const key of Object.keys(ja)) {
      const said = say(ja, key)
      expect(said, key).to.match(JAPANESE)
      expect(said, key).to.match(options.ending)
    }
    for (const key of Object.keys(en)) expect(say(en, key), key).not.to.match(JAPANESE)
  })
}
