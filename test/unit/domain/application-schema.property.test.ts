/**
 * Properties of the validation (SPEC §3), with fast-check: any value at all, any mutation of a valid
 * application and any amendment patch end in a valid application or an InvalidInputError listing its
 * problems — never another exception; every field broken at once is reported at once with its path;
 * validation is idempotent on its own output.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {applyAmendPatch, toApplicationInput} from '../../../src/domain/amend-patch'
import {ApplicationContent} from '../../../src/domain/application'
import {validateApplication} from '../../../src/domain/application-schema'
import {InvalidInputError} from '../../../src/domain/errors'
import {Locale} from '../../../src/domain/vocabulary'
import {hostileValue, validationContext, validApplicationInput} from '../../fixtures/arbitraries'

const RUNS = Number(process.env.NSS_PROPERTY_RUNS ?? 300)

/** Validates; returns the content, or the issues of the InvalidInputError. Any other exception fails the property. */
function validate(input: unknown, locale: Locale = 'ja'): {content: ApplicationContent} | {issues: InvalidInputError['issues']} {
  try {
    return {content: validateApplication(input, validationContext(locale))}
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    expect(error.issues.length, 'an invalid input names at least one problem').to.be.above(0)
    for (const issue of error.issues) {
      expect([typeof issue.path, typeof issue.message]).to.deep.equal(['string', 'string'])
      expect(issue.message.trim()).to.not.equal('')
    }
    return {issues: error.issues}
  }
}

/** Sets (or deletes, for `undefined`) the value at a path inside a copy of `input`. */
function setAt(input: Record<string, any>, path: Array<string | number>, value: unknown): Record<string, any> {
  const copy = structuredClone(input)
  let node: any = copy
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {}
    node = node[key]
  }
  const last = path[path.length - 1]
  if (value === undefined) delete node[last]
  else Object.defineProperty(node, last, {value, enumerable: true, writable: true, configurable: true})
  return copy
}

const PATHS: Array<Array<string | number>> = [
  ['contact'], ['contact', 'name'], ['contact', 'kana'], ['contact', 'department'], ['contact', 'title'], ['contact', 'phone'],
  ['contact', 'fax'], ['contact', 'email'], ['contact', 'extra'], ['timing'], ['desiredDate'], ['remarks'], ['entries'],
  ['entries', 0], ['entries', 0, 'userCode'], ['entries', 0, 'passwordReset'], ['entries', 0, 'passwordReset', 'ids'],
  ['entries', 0, 'passwordReset', 'ids', 0], ['entries', 0, 'passwordReset', 'reason'], ['entries', 0, 'registration'],
  ['entries', 0, 'registration', 'officeNameEn'], ['entries', 1], ['entries', 5, 'userCode'], ['unknown'], ['__proto__'],
]

/** Fields broken on purpose, each with the path its problem must be reported at. */
const BREAKS: Array<{path: Array<string | number>; value: unknown; reported: string}> = [
  {path: ['contact', 'name'], value: '名'.repeat(31), reported: 'contact.name'},
  {path: ['contact', 'kana'], value: 'tsukan', reported: 'contact.kana'},
  {path: ['contact', 'department'], value: '', reported: 'contact.department'},
  {path: ['contact', 'title'], value: '課長\u001b[2J', reported: 'contact.title'},
  {path: ['contact', 'phone'], value: '03-1234', reported: 'contact.phone'},
  {path: ['contact', 'email'], value: 'taro at example', reported: 'contact.email'},
  {path: ['timing'], value: 'soon', reported: 'timing'},
  {path: ['remarks'], value: 'あ'.repeat(241), reported: 'remarks'},
  {path: ['extra'], value: 1, reported: 'extra'},
]

describe('validation: properties (fast-check)', () => {
  it('ends any value at all in an application or an InvalidInputError, in both languages', () => {
    fc.assert(fc.property(fc.oneof(hostileValue, fc.anything({maxDepth: 4})), fc.constantFrom<Locale>('ja', 'en'), (input, locale) => {
      validate(input, locale)
    }), {numRuns: RUNS})
  })

  it('ends any mutation of a valid application in an application or an InvalidInputError', () => {
    const mutation = fc.record({path: fc.constantFrom(...PATHS), value: hostileValue})
    fc.assert(fc.property(validApplicationInput, fc.array(mutation, {minLength: 1, maxLength: 5}), (input, mutations) => {
      validate(mutations.reduce((current, m) => setAt(current, m.path, m.value), input))
    }), {numRuns: RUNS})
  })

  it('reports every broken field at once, each at its path', () => {
    fc.assert(fc.property(validApplicationInput, fc.subarray(BREAKS, {minLength: 1}), (input, breaks) => {
      const result = validate(breaks.reduce((current, b) => setAt(current, b.path, b.value), input))
      if (!('issues' in result)) expect.fail('a broken application was accepted')
      const paths = result.issues.map(issue => issue.path)
      for (const b of breaks) expect(paths, b.reported).to.include(b.reported)
    }), {numRuns: RUNS})
  })

  it('accepts its own output again unchanged (validation is idempotent)', () => {
    fc.assert(fc.property(validApplicationInput, input => {
      const first = validate(input)
      if (!('content' in first)) expect.fail(`a valid application was refused: ${JSON.stringify(first.issues)}`)
      const again = validate(toApplicationInput(first.content))
      expect(again).to.deep.equal(first)
    }), {numRuns: RUNS})
  })

  it('ends any amendment patch of a valid application in an application or an InvalidInputError', () => {
    const patch = fc.oneof(
      hostileValue,
      fc.record({
        contact: fc.oneof(hostileValue, fc.dictionary(fc.constantFrom('name', 'kana', 'phone', 'fax', 'title', 'email', 'x'), hostileValue)),
        timing: hostileValue,
        desiredDate: hostileValue,
        remarks: hostileValue,
        entries: fc.oneof(hostileValue, fc.array(fc.record({
          userCode: fc.oneof(fc.constantFrom('1ANAC', '1BNAC', '1CNAC', '2ANAC', '1anac'), hostileValue),
          remove: fc.oneof(fc.boolean(), hostileValue),
          passwordReset: hostileValue,
          registration: hostileValue,
        }, {requiredKeys: []}), {maxLength: 4})),
      }, {requiredKeys: []}),
    )
    fc.assert(fc.property(validApplicationInput, patch, fc.constantFrom<Locale>('ja', 'en'), (input, amendment, locale) => {
      const current = validate(input)
      if (!('content' in current)) expect.fail('a valid application was refused')
      let merged: unknown
      try {
        merged = applyAmendPatch(current.content, amendment, locale)
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error
        return
      }
      validate(merged, locale)
    }), {numRuns: RUNS})
  })
})
