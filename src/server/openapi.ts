/**
 * The OpenAPI 3.1 document of the desk server (issue 12), generated from the route tables (routes.ts)
 * and their zod schemas (z.toJSONSchema; the answers' schemas are in schemas.ts). Served at
 * /api/v1/openapi.json and checked in as docs/openapi.json (`npm run openapi` writes it; a test fails
 * when the two drift).
 *
 * The error answers a route's shape implies are derived here: a receipt number in the path can be
 * malformed (400) or unknown (404); a body invalid (400), too large (413) or not JSON (415); a token
 * missing or not valid (401), or its principal not allowed (403); any request may meet the rate limit
 * (429), and every route that reads the store an unreachable store (503). What the shape does not tell
 * (a conflict, 409) each route says itself (`refusals`). The output is deterministic: the routes in
 * the tables' order, statuses ascending, components by name.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {z} from 'zod'
import {CHANGING_VERBS, VERB_ROLES} from '../app/desk-operations'
import {packageRoot} from '../package-root'
import {ACTING_AS_HEADER, API_PREFIX, IDEMPOTENCY_HEADER, WARNING_HEADER} from '../api/http'
import {IDEMPOTENCY_KEY_PATTERN} from '../domain/idempotency-key'
import {FIELD_LABELS, type FieldKey} from '../domain/messages'
import {OPERATION_ROUTES, type RouteRefusals, SERVICE_ROUTES} from './routes'
import {errorBodySchema, receiptNoSchema, responseRegistry} from './schemas'

type JsonObject = Record<string, unknown>
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503

/** A route as the document sees it, a verb's or not. */
interface DocumentedRoute {
  method: string
  url: string
  operationId: string
  summary: string
  /** Who may call it, for a verb's route. */
  role?: 'office' | 'reviewer' | 'any'
  roleText?: string
  status: number
  isAuthenticated: boolean
  /** A verb that changes something: refused to a read-only token; its mails not sent at once come back in Nss-Warning. */
  isChange: boolean
  body?: z.ZodType
  isBodyOptional?: boolean
  query?: z.ZodType
  idempotent?: boolean
  response: z.ZodType
  failure?: {status: 503; description: string; schema: z.ZodType}
  contentType?: string
  refusals: RouteRefusals
}

const SECURITY_SCHEME = 'apiToken'
const schemaRef = (name: string) => ({$ref: `#/components/schemas/${name}`})
const parameterRef = (name: string) => ({$ref: `#/components/parameters/${name}`})
const headerRef = (name: string) => ({$ref: `#/components/headers/${name}`})

function documentedRoutes(): DocumentedRoute[] {
  return [
    ...OPERATION_ROUTES.map((route): DocumentedRoute => ({
      ...route, role: VERB_ROLES[route.verb], isAuthenticated: true, isChange: CHANGING_VERBS.has(route.verb), refusals: route.refusals ?? {},
    })),
    ...SERVICE_ROUTES.map((route): DocumentedRoute => ({...route, isChange: false, refusals: route.refusals ?? {}})),
  ]
}

/** `idempotency-key` → `Idempotency-Key`: header names are case-insensitive (RFC 9110 §5.1); the document writes them as people do. */
function headerName(lowerCase: string): string {
  return lowerCase.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('-')
}

/** What zod's JSON Schema carries that an OpenAPI schema object does not need: the dialect (3.1's own is JSON Schema 2020-12) and the id. */
function asSchemaObject(schema: JsonObject): JsonObject {
  const {$schema: _dialect, $id: _id, ...rest} = schema
  return rest
}

const pascalCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1)
const requestSchemaName = (route: DocumentedRoute) => `${pascalCase(route.operationId)}Request`

/** Each field of an application or a patch described by its label (SPEC §3), as the screens and the issues name it. */
function describeFields(schema: JsonObject, at: string): void {
  if (Array.isArray(schema.anyOf)) for (const branch of schema.anyOf as JsonObject[]) describeFields(branch, at)
  if (schema.items && typeof schema.items === 'object') describeFields(schema.items as JsonObject, `${at}[]`)
  if (!schema.properties) return
  for (const [key, property] of Object.entries(schema.properties as Record<string, JsonObject>)) {
    const field = at === '' ? key : `${at}.${key}`
    if (field in FIELD_LABELS.en && property.description === undefined) {
      const [ja, en] = [FIELD_LABELS.ja[field as FieldKey], FIELD_LABELS.en[field as FieldKey]]
      property.description = ja.includes(en) ? ja : `${ja} (${en})`
    }
    describeFields(property, field)
  }
}

/** The JSON Schemas of the answers (output) and of the request bodies (input), by name. */
function componentSchemas(routes: DocumentedRoute[]): Record<string, JsonObject> {
  const answers = z.toJSONSchema(responseRegistry, {uri: id => schemaRef(id).$ref}).schemas as Record<string, JsonObject>
  const requests = z.registry<{id: string}>()
  for (const route of routes) if (route.body) requests.add(route.body, {id: requestSchemaName(route)})
  const bodies = z.toJSONSchema(requests, {io: 'input', unrepresentable: 'any', uri: id => schemaRef(id).$ref}).schemas as Record<string, JsonObject>
  for (const body of Object.values(bodies)) describeFields(body, '')
  const all = {...answers, ...bodies}
  return Object.fromEntries(Object.keys(all).sort().map(name => [name, asSchemaObject(all[name])]))
}

/** A schema of schemas.ts by reference, any other inline. */
function schemaOf(schema: z.ZodType): JsonObject {
  const named = responseRegistry.get(schema)
  return named ? schemaRef(named.id) : asSchemaObject(z.toJSONSchema(schema) as JsonObject)
}

const json = (schema: JsonObject) => ({'application/json': {schema}})

function parametersOf(route: DocumentedRoute): JsonObject[] {
  const parameters: JsonObject[] = []
  if (route.url.includes(':receiptNo')) parameters.push(parameterRef('ReceiptNo'))
  if (route.url.includes(':code')) parameters.push(parameterRef('OfficeCode'))
  if (route.url.includes(':draftId')) parameters.push(parameterRef('DraftId'))
  if (route.url.includes(':id')) parameters.push(parameterRef('AttachmentId'))
  if (route.query) {
    const query = z.toJSONSchema(route.query, {io: 'input'}) as {properties: Record<string, JsonObject>; required?: string[]}
    for (const [name, {description, ...schema}] of Object.entries(query.properties)) {
      parameters.push({name, in: 'query', required: query.required?.includes(name) ?? false, ...(description === undefined ? {} : {description}), schema})
    }
  }
  if (route.idempotent) parameters.push(parameterRef('IdempotencyKey'))
  if (route.isAuthenticated) parameters.push(parameterRef('ActingAs'))
  return parameters
}

/** The error answers of a route, each with why (module comment). */
function refusalsOf(route: DocumentedRoute): Map<ErrorStatus, string> {
  const hasReceipt = route.url.includes(':receiptNo')
  const hasDraft = route.url.includes(':draftId')
  const refusals = new Map<ErrorStatus, string>()
  const invalid = [
    ...(hasReceipt ? ['a receipt number that is not one'] : []),
    ...(hasDraft ? ['a draft id that is not one'] : []),
    ...(route.url.includes(':id') ? ['an attachment id that is not one'] : []),
    ...(route.query ? ['a query parameter'] : []),
    ...(route.body ? [route.operationId === 'apply' || route.operationId === 'amend'
      ? 'a body that is not JSON, or an application that breaks SPEC §3' : 'a body that is not JSON or not what the route takes'] : []),
    ...(route.idempotent ? ['a malformed Idempotency-Key'] : []),
  ]
  if (invalid.length > 0) refusals.set(400, `invalid_input: ${invalid.join('; ')} (every problem in issues)`)
  if (route.isAuthenticated) {
    refusals.set(401, 'unauthorized: no API token, or one that is not valid: unknown, revoked or expired (one answer for all)')
    const forbidden = [
      ...(route.role === 'office' ? ["a reviewer's token (this is an office's verb)"] : []),
      ...(route.role === 'reviewer' ? ["an office's token (this is a reviewer's verb)"] : []),
      ...(hasReceipt && route.role !== 'reviewer' ? ["another office's application"] : []),
      ...(route.isChange ? ['a read-only token'] : []),
      "Nss-Acting-As naming another actor than the token's",
    ]
    refusals.set(403, `forbidden: ${forbidden.join('; ')}`)
  }
  if (hasReceipt) refusals.set(404, 'not_found: no application with this receipt number')
  if (route.body) {
    refusals.set(413, 'invalid_input: the body is larger than the server takes')
    refusals.set(415, 'invalid_input: the body is not JSON (Content-Type: application/json)')
  }
  refusals.set(429, 'rate_limited: more requests a minute than NSS_API_RATE_LIMIT allows this token (or, without one, this address)')
  if (route.isAuthenticated) refusals.set(503, 'infrastructure: the store cannot be reached')
  for (const [status, why] of Object.entries(route.refusals)) refusals.set(Number(status) as ErrorStatus, why)
  return refusals
}

function responsesOf(route: DocumentedRoute): JsonObject {
  const responses: Record<number, JsonObject> = {
    [route.status]: {
      description: route.response.description ?? 'the answer',
      ...(route.isChange ? {headers: {[headerName(WARNING_HEADER)]: headerRef('NssWarning')}} : {}),
      content: route.contentType ? {[route.contentType]: {schema: schemaOf(route.response)}} : json(schemaOf(route.response)),
    },
  }
  for (const [status, description] of refusalsOf(route)) {
    responses[status] = {
      description,
      ...(status === 401 ? {headers: {'WWW-Authenticate': headerRef('WwwAuthenticate')}} : {}),
      content: json(schemaOf(errorBodySchema)),
    }
  }
  if (route.failure) responses[route.failure.status] = {description: route.failure.description, content: json(schemaOf(route.failure.schema))}
  // Integer-like keys iterate in ascending order: the statuses come out sorted.
  return Object.fromEntries(Object.entries(responses))
}

const ROLE_TEXT = {
  office: 'For an office token.',
  reviewer: 'For a reviewer token.',
  any: "For an office token (the office's own applications) or a reviewer token (every application).",
}

function operationOf(route: DocumentedRoute): JsonObject {
  const parameters = parametersOf(route)
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.role ? {description: route.roleText ?? ROLE_TEXT[route.role]} : {}),
    ...(route.isAuthenticated ? {security: [{[SECURITY_SCHEME]: []}]} : {}),
    ...(parameters.length > 0 ? {parameters} : {}),
    ...(route.body ? {requestBody: {required: !route.isBodyOptional, content: json(schemaRef(requestSchemaName(route)))}} : {}),
    responses: responsesOf(route),
  }
}

function readPackage(): {version: string; license: string} {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {version: string; license: string}
}

const DESCRIPTION = `The desk server of nss-desk: the office and reviewer verbs of the nss CLI over HTTPS, under ${API_PREFIX}/.
Each answer is the JSON the CLI prints with --json; the remote CLI (NSS_URL) sends its commands here.

Authenticate with an API token (\`nss token create\` on the desk's host, or \`POST ${API_PREFIX}/sessions\` = nss login):
\`Authorization: Bearer nssd_…\`. The principal comes from the token alone.

An error is {"error": {code, message, issues}}; its status maps one to one onto the CLI's exit code:
400/413/415 → 2, 404 → 3, 401/403 → 4, 409 → 5, 429/503 → 6, 500 → 1. While the server stops, a new
request is answered 503 (infrastructure) and its connection closed.`

let document: JsonObject | undefined

/** The document (built once per process; the same object each time). */
export function openApiDocument(): JsonObject {
  if (document) return document
  const routes = documentedRoutes()
  const {version, license} = readPackage()
  const paths: Record<string, Record<string, JsonObject>> = {}
  for (const route of routes) {
    const template = route.url.replace(/:(\w+)/g, '{$1}')
    paths[template] ??= {}
    paths[template][route.method.toLowerCase()] = operationOf(route)
  }
  document = {
    openapi: '3.1.0',
    info: {title: 'nss-desk', version, description: DESCRIPTION, license: {name: license, identifier: license}},
    paths,
    components: {
      schemas: componentSchemas(routes),
      parameters: {
        ActingAs: {
          name: headerName(ACTING_AS_HEADER), in: 'header', required: false,
          description: "The actor the command line named (--office CODE: office:CODE, --reviewer ID: reviewer:ID), any character outside visible ASCII and % percent-encoded as UTF-8: 403 when the token acts as another.",
          schema: {type: 'string', pattern: '^(office|reviewer):.+$'},
        },
        IdempotencyKey: {
          name: headerName(IDEMPOTENCY_HEADER), in: 'header', required: false,
          description: "A key the office chooses for this request: sent again with the same request, the first call's answer comes back and nothing changes; with another request, 409.",
          schema: {type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source},
        },
        DraftId: {
          name: 'draftId', in: 'path', required: true,
          description: 'The id of a draft (nss draft save printed it), e.g. D0123456789ABCDEF.',
          schema: {type: 'string', pattern: '^D[0-9A-Fa-f]{16}$'},
        },
        AttachmentId: {
          name: 'id', in: 'path', required: true,
          description: 'The ID of an attachment, as GET /api/v1/applications/{receiptNo} lists it under attachments.',
          schema: {type: 'string', pattern: '^[1-9][0-9]{0,14}$'},
        },
        OfficeCode: {
          name: 'code', in: 'path', required: true,
          description: 'The office code (事業所コード), e.g. NACCS01.',
          schema: {type: 'string', minLength: 1},
        },
        ReceiptNo: {
          name: 'receiptNo', in: 'path', required: true,
          description: 'The receipt number (申込受付番号), e.g. 2101910C.',
          schema: schemaOf(receiptNoSchema),
        },
      },
      headers: {
        NssWarning: {
          description: 'Warnings of the request (a mail not sent at once: the daemon retries it), a percent-encoded JSON array of strings.',
          schema: {type: 'string'},
        },
        WwwAuthenticate: {description: 'Bearer realm="nss-desk" (RFC 6750 §3)', schema: {type: 'string'}},
      },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http', scheme: 'bearer', bearerFormat: 'nssd_…',
          description: "An API token: nssd_ and 49 base62 characters (nss token create, or POST /api/v1/sessions).",
        },
      },
    },
  }
  return document
}
