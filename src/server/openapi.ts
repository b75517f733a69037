/**
 * The OpenAPI 3.1 document of the desk server, generated from the route table (routes.ts) and its zod
 * schemas (z.toJSONSchema). Checked in as docs/openapi.json; a test fails when the two drift.
 */
import {z} from 'zod'
import {OPERATION_ROUTES} from './routes'

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of OPERATION_ROUTES) {
    const path = route.url.replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.body ? {requestBody: {required: true, content: {'application/json': {schema: z.toJSONSchema(route.body, {io: 'input', unrepresentable: 'any'})}}}} : {}),
      responses: {[String(route.status)]: {description: 'the result, as `--json` prints it'}},
    }
  }
  return {openapi: '3.1.0', info: {title: 'nss-desk', version: '1'}, paths}
}
