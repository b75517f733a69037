/**
 * The desk server's OpenAPI document (issue 12): the checked-in docs/openapi.json is the document the
 * server generates, and it is a sound OpenAPI 3.1 document of every route the server registers.
 */
import {expect} from 'chai'
import type {FastifyInstance} from 'fastify'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {DeskContext} from '../../../src/app/context'
import {buildDeskServer} from '../../../src/server/app'
import {openApiDocument} from '../../../src/server/openapi'
import type {Equals} from '../../../src/server/schemas'
import {openApiText} from '../../../build/openapi'
import {ROOT} from '../../support/cli'

// What the build proves with Equals (src/server/schemas.ts) holds only if Equals tells these apart:
// tsc fails here if it ever stops doing so (an unused @ts-expect-error is an error).
// @ts-expect-error an optional field only one side has
const optionalFieldOnOneSide: Equals<{a: string}, {a: string; b?: string}> = true
// @ts-expect-error optional on one side, required on the other
const optionalAgainstRequired: Equals<{a: string}, {a?: string}> = true
// @ts-expect-error a wider union of literals
const widerUnion: Equals<{a: 'x'}, {a: 'x' | 'y'}> = true
// @ts-expect-error nullable on one side only, deep inside
const deepNullable: Equals<{a: {b: string[]}}, {a: {b: (string | null)[]}}> = true
const intersectionAsObject: Equals<{a: string} & {b: number}, {a: string; b: number}> = true
void [optionalFieldOnOneSide, optionalAgainstRequired, widerUnion, deepNullable, intersectionAsObject]

type Json = Record<string, any>
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The value a local JSON pointer (`#/components/schemas/Error`) names, or undefined (RFC 6901). */
function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  let value: unknown = document
  for (const token of ref.slice(2).split('/').map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, token)) return undefined
    value = (value as Json)[token]
  }
  return value
}

/** Every `$ref` in the document, with where it is. */
function refsIn(value: unknown, at = '#'): {at: string; ref: string}[] {
  if (value === null || typeof value !== 'object') return []
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`))
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string' ? [{at, ref: item}] : refsIn(item, `${at}/${key}`))
}

/** The operations of the document: method, path template and the operation. */
function operationsOf(document: Json): {method: string; template: string; operation: Json}[] {
  return Object.entries(document.paths as Json).flatMap(([template, item]) =>
    Object.entries(item as Json).filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({method, template, operation: operation as Json})))
}

/**
 * The routes a Fastify instance has, as `METHOD /path`, from its printRoutes tree: with commonPrefix
 * off, each line's label is what it adds to its parent's path (`/api/v1/session` → `s` = `/api/v1/sessions`).
 * Fastify's own HEAD routes of GET routes are left out.
 */
function serverRoutes(app: FastifyInstance): string[] {
  const routes: string[] = []
  const prefixes: string[] = []
  for (const line of app.printRoutes({commonPrefix: false}).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line)
    if (!match) continue
    const depth = match[1].length / 4
    prefixes.length = depth
    const url = [...prefixes, match[2]].join('')
    prefixes.push(match[2])
    for (const method of (match[3] ?? '').split(', ').filter(m => m !== '' && m !== 'HEAD')) routes.push(`${method} ${url}`)
  }
  return routes.sort()
}

const toTemplate = (url: string) => url.replace(/:(\w+)/g, '{$1}')

describe('the OpenAPI document of the desk server (issue 12)', () => {
  const document = openApiDocument() as Json
  let app: FastifyInstance

  before(async () => {
    // Building registers the routes and reads nothing of the desk but its lock period; no request is made.
    const ctx = {config: {lockMinutes: 15}} as unknown as DeskContext
    app = await buildDeskServer(ctx, {
      host: '127.0.0.1', port: 0, tls: null, loginHours: 12, rateLimitPerMinute: 100, loginAddressLimit: 30, trustProxy: null, bodyLimit: 1 << 20,
    }, {log: false})
    await app.ready()
  })

  after(async () => {
    await app?.close()
  })

  it('is checked in: docs/openapi.json is the document the server generates', () => {
    const checkedIn = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'))
    expect(JSON.parse(openApiText()), 'docs/openapi.json differs from the generated document: run `npm run openapi`')
      .to.deep.equal(checkedIn)
  })

  it('is OpenAPI 3.1 with the title nss-desk and the version of package.json', () => {
    const {version} = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    expect(document.openapi).to.equal('3.1.0')
    expect(document.info).to.include({title: 'nss-desk', version})
    expect(document).to.not.have.property('servers')
  })

  it('has an operation for every route the server registers, and no other', () => {
    const registered = serverRoutes(app)
    // The parse of the route tree found the routes at all: the verbs', the sessions', the document and the probes.
    expect(registered).to.include.members([
      'POST /api/v1/applications', 'GET /api/v1/applications/:receiptNo/passwords', 'POST /api/v1/sessions',
      'DELETE /api/v1/session', 'GET /api/v1/openapi.json', 'GET /healthz', 'GET /readyz',
    ])
    const documented = operationsOf(document).map(({method, template}) => `${method.toUpperCase()} ${template}`).sort()
    expect(documented).to.deep.equal(registered.map(route => {
      const [method, url] = route.split(' ')
      return `${method} ${toTemplate(url)}`
    }).sort())
  })

  it('resolves every $ref within the document', () => {
    const refs = refsIn(document)
    expect(refs.length).to.be.greaterThan(50)
    for (const {at, ref} of refs) {
      const target = resolvePointer(document, ref)
      expect(target, `${at}: ${ref}`).to.be.an('object')
    }
  })

  it('uses every schema, parameter and header of its components', () => {
    const used = new Set(refsIn(document).map(({ref}) => ref))
    for (const kind of ['schemas', 'parameters', 'headers']) {
      for (const name of Object.keys(document.components[kind])) {
        expect(used.has(`#/components/${kind}/${name}`), `#/components/${kind}/${name}`).to.equal(true)
      }
    }
  })

  it('names each operation with an operationId of its own', () => {
    const ids = operationsOf(document).map(({operation}) => operation.operationId)
    for (const id of ids) expect(id).to.be.a('string').and.match(/^[a-z][A-Za-z]+$/)
    expect(new Set(ids).size).to.equal(ids.length)
  })

  it('declares each parameter of a path template as a required path parameter, and no other', () => {
    for (const {method, template, operation} of operationsOf(document)) {
      const parameters = ((operation.parameters ?? []) as Json[]).map(p => (p.$ref ? resolvePointer(document, p.$ref) : p) as Json)
      const inPath = parameters.filter(p => p.in === 'path')
      const names = [...template.matchAll(/\{(\w+)\}/g)].map(m => m[1])
      expect(inPath.map(p => p.name), `${method} ${template}`).to.deep.equal(names)
      for (const parameter of inPath) expect(parameter.required, `${method} ${template} ${parameter.name}`).to.equal(true)
    }
  })

  it('asks for the API token on every route but the login, the document and the probes, and documents 401 there', () => {
    const schemes = Object.keys(document.components.securitySchemes)
    expect(document.components.securitySchemes.apiToken).to.include({type: 'http', scheme: 'bearer'})
    const open: string[] = []
    for (const {method, template, operation} of operationsOf(document)) {
      const where = `${method} ${template}`
      if (!operation.security) {
        open.push(where)
        continue
      }
      for (const requirement of operation.security as Json[]) {
        for (const scheme of Object.keys(requirement)) expect(schemes, where).to.include(scheme)
      }
      expect(operation.responses, where).to.have.property('401')
      expect(operation.responses, where).to.have.property('403')
    }
    expect(open.sort()).to.deep.equal(['get /api/v1/openapi.json', 'get /healthz', 'get /metrics', 'get /readyz', 'post /api/v1/sessions'])
  })

  it('gives each operation one success answer and its errors as the Error schema, JSON all but the metrics\' text', () => {
    for (const {method, template, operation} of operationsOf(document)) {
      const where = `${method} ${template}`
      const statuses = Object.keys(operation.responses)
      expect(statuses.filter(s => s.startsWith('2')), where).to.have.length(1)
      expect(statuses, where).to.include('429')
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        expect(response.description, `${where} ${status}`).to.be.a('string').and.not.equal('')
        // Prometheus scrapes its own text format (issue 15); every other answer, and every error, is JSON.
        const mediaType = template === '/metrics' && status === '200' ? 'text/plain; version=0.0.4' : 'application/json'
        const schema = response.content[mediaType].schema
        expect(schema, `${where} ${status}`).to.be.an('object')
        if (status.startsWith('4') || (status === '503' && template !== '/readyz')) {
          expect(schema, `${where} ${status}`).to.deep.equal({$ref: '#/components/schemas/Error'})
        }
      }
    }
  })

  it('documents the Idempotency-Key of apply and amend, the query of the list and the Nss-Warning of every change', () => {
    const operation = (id: string) => operationsOf(document).find(o => o.operation.operationId === id)!.operation
    const parameterRefs = (id: string) => ((operation(id).parameters ?? []) as Json[]).map(p => p.$ref ?? `${p.in}:${p.name}`)
    for (const id of ['apply', 'amend']) expect(parameterRefs(id)).to.include('#/components/parameters/IdempotencyKey')
    for (const id of ['withdraw', 'query', 'complete', 'showApplication']) expect(parameterRefs(id)).to.not.include('#/components/parameters/IdempotencyKey')
    expect(parameterRefs('listApplications')).to.include.members(['query:status', 'query:since', 'query:limit'])
    for (const id of ['apply', 'amend', 'withdraw', 'query', 'complete']) {
      const success = Object.entries(operation(id).responses as Record<string, Json>).find(([status]) => status.startsWith('2'))![1]
      expect(success.headers, id).to.deep.equal({'Nss-Warning': {$ref: '#/components/headers/NssWarning'}})
    }
    expect(Object.values(operation('showApplication').responses as Record<string, Json>)[0]).to.not.have.property('headers')
  })
})
