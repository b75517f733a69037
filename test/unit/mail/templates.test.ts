import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {loadConfig} from '../../../src/app/config'
import {InfrastructureError} from '../../../src/domain/errors'
import {LOCALES} from '../../../src/domain/vocabulary'
import {buildMailModel} from '../../../src/mail/outbound/mail-model'
import {MailRenderError, renderMail} from '../../../src/mail/outbound/render'
import {sampleApplicationData, sampleMailData, sampleMailSource} from '../../../src/mail/outbound/samples'
import {BUILT_IN_TEMPLATES_DIR, MAIL_KINDS, MailTemplates, TEMPLATE_PARTS, TemplateError} from '../../../src/mail/outbound/templates'

function overrideFolder(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-templates-'))
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), {recursive: true})
    fs.writeFileSync(path.join(folder, name), content)
  }
  return folder
}

async function refusal(overrideDir: string): Promise<TemplateError> {
  const error = await MailTemplates.load({overrideDir}).catch(e => e)
  expect(error, 'the folder was accepted').to.be.instanceOf(TemplateError)
  return error
}

describe('mail templates (SPEC §10)', () => {
  let templates: MailTemplates
  before(async () => {
    templates = await MailTemplates.load({checkSamples: true})
  })

  it('ships subject, text and HTML of every kind in Japanese and English', () => {
    for (const locale of LOCALES) {
      for (const kind of MAIL_KINDS) {
        for (const part of TEMPLATE_PARTS) {
          expect(fs.existsSync(path.join(BUILT_IN_TEMPLATES_DIR, locale, `${kind}.${part}.hbs`)), `${locale}/${kind}.${part}.hbs`).to.equal(true)
          expect(templates.has(locale, kind, part)).to.equal(true)
        }
      }
    }
  })

  it('compiles and renders every template with every sample of its kind, the subject carrying 【receipt number】', () => {
    let rendered = 0
    for (const locale of LOCALES) {
      for (const kind of MAIL_KINDS) {
        sampleMailData(kind).forEach((data, variant) => {
          const mail = renderMail(templates, sampleMailSource(kind, locale, variant))
          const receiptNo = data.receiptNo as string | null
          if (receiptNo) expect(mail.subject, `${locale} ${kind}`).to.contain(`【${receiptNo}】`)
          expect(mail.subject).not.to.contain('\n')
          expect(mail.text.length).to.be.greaterThan(100)
          expect(mail.html).to.match(/^<!DOCTYPE html>/)
          rendered++
        })
      }
    }
    expect(rendered).to.equal(LOCALES.length * MAIL_KINDS.reduce((n, kind) => n + sampleMailData(kind).length, 0))
  })

  it('fails on a variable the mail does not supply, naming the template, instead of leaving a blank', () => {
    const model = buildMailModel(sampleMailSource('query', 'ja')) as unknown as Record<string, unknown>
    delete model.notice
    expect(() => templates.render('ja', 'query', 'text', model as never)).to.throw(/query\.text\.hbs: "notice" not defined/)
  })

  it('fails on {{#if}} of a variable that does not exist (Handlebars checks only plain variables in strict mode)', async () => {
    const error = await refusal(overrideFolder({'ja/receipt.text.hbs': '{{#if supersedesNumber}}修正{{/if}}{{receiptNo}}\n'}))
    expect(error.issues).to.have.length(1)
    expect(error.issues[0].path).to.match(/ja\/receipt\.text\.hbs$/)
    expect(error.issues[0].message).to.contain('{{#if}} on line 1 names a variable that does not exist')
  })

  it('fails a row whose data lacks what its kind needs with a render error', () => {
    const data = sampleApplicationData() as unknown as Record<string, unknown>
    delete data.entries
    expect(() => renderMail(templates, {...sampleMailSource('receipt', 'ja'), data})).to.throw(MailRenderError, 'mail data lacks entries')
  })

  it('escapes the HTML part and leaves text and subject as written', () => {
    const data = sampleApplicationData({officeName: 'A&B <Trading> "Tokyo"', receiptNo: '2101910C'}) as unknown as Record<string, unknown>
    const source = {...sampleMailSource('receipt', 'en'), data}
    const mail = renderMail(templates, source)
    expect(mail.text).to.contain('A&B <Trading> "Tokyo"')
    expect(mail.html).to.contain('A&amp;B &lt;Trading&gt; &quot;Tokyo&quot;')
    expect(mail.html).not.to.contain('<Trading>')
  })

  it('takes a template from the NSS_TEMPLATES folder and the others from the built-in set', async () => {
    const overridden = await MailTemplates.load({overrideDir: overrideFolder({'ja/receipt.subject.hbs': '【{{receiptNo}}】お申込みありがとうございます'})})
    expect(renderMail(overridden, sampleMailSource('receipt', 'ja')).subject).to.equal('【2101932C】お申込みありがとうございます')
    expect(renderMail(overridden, sampleMailSource('query', 'ja')).subject).to.equal('【2101910C】システム設定申込 内容確認のお願い')
  })

  it('refuses an override folder with every problem named: unknown file, syntax error, unknown variable', async () => {
    const folder = overrideFolder({
      'ja/reciept.text.hbs': 'typo',
      'ja/query.text.hbs': '{{#if notice}}unclosed',
      'en/completion.subject.hbs': '【{{receiptNo}}】{{passwordList}}',
      'fr/receipt.text.hbs': 'bonjour',
    })
    const error = await refusal(folder)
    const messageOf = (file: string) => error.issues.find(i => path.relative(folder, i.path) === file)?.message ?? ''
    expect(error.issues.map(i => path.relative(folder, i.path))).to.have.members(
      ['fr', path.join('ja', 'reciept.text.hbs'), path.join('ja', 'query.text.hbs'), path.join('en', 'completion.subject.hbs')])
    expect(messageOf('fr')).to.match(/^not a template folder/)
    expect(messageOf(path.join('ja', 'reciept.text.hbs'))).to.match(/^unknown template file: expected <locale>\/<kind>\.<part>\.hbs/)
    expect(messageOf(path.join('ja', 'query.text.hbs'))).to.match(/Parse error|Expecting/)
    expect(messageOf(path.join('en', 'completion.subject.hbs'))).to.contain('"passwordList" not defined')
  })

  it('refuses an NSS_TEMPLATES that is not a folder when the configuration is read', () => {
    const error = (() => {
      try {
        loadConfig({NSS_HOME: os.tmpdir(), NSS_TEMPLATES: path.join(os.tmpdir(), 'no-such-templates-folder')})
      } catch (e) {
        return e
      }
    })() as InfrastructureError
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.issues.map(i => i.path)).to.deep.equal(['NSS_TEMPLATES'])
  })
})
