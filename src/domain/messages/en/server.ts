/** The English catalogue: what src/server says to a user; the keys and parameters of the Japanese one. */
import type {SERVER_JA} from '../ja/server'
import {sayAppEn} from './app'

export const SERVER_EN: typeof SERVER_JA = {
  'server.authorizationForm': () => 'the Authorization header must be "Bearer nssd_…" (an API token)',
  'server.noToken': () => 'no API token: send "Authorization: Bearer nssd_…" (nss token create, or nss login)',
  'server.actingAsOther': ({principal, actingAs}) => `the token acts as ${principal}, not as ${actingAs}`,
  'server.readOnlyToken': () => 'this API token is read-only: it cannot change anything',

  'server.bodyNotJson': ({where, reason}) => `${where}: not valid JSON: ${sayAppEn(reason)}`,
  'server.bodyTooLarge': ({limit}) => `the request body is larger than ${limit} bytes`,
  'server.issueTooLarge': () => 'too large',
  'server.bodyNotJsonType': () => 'the request body must be JSON (Content-Type: application/json)',
  'server.issueJsonOnly': () => 'application/json only',
  'server.bodyInvalidJson': () => 'the request body is not valid JSON',
  'server.rateLimited': ({max, seconds}) => `too many requests: at most ${max} a minute; try again in ${seconds} s`,
  'server.stopping': () => 'the desk server is stopping: try again in a moment',
  'server.noRoute': ({method, path}) => `no route ${method} ${path}`,
  'server.unexpected': ({requestId}) => `unexpected error on the desk server (request ${requestId}: see its log)`,

  'server.invalidRequestPart': ({where}) => `invalid request ${where}`,
  'server.issueUnknownFields': ({keys}) => `unknown field(s): ${keys}`,
  'server.issueWholeNumberOrZero': () => 'a whole number, 0 for all',
  'server.issueOfficeOrReviewer': () => 'give office or reviewer, not both',
  'server.officeCodeEmpty': () => 'the office code is empty',
  'server.issueOfficeCode': () => 'an office code',
  'server.oneIdempotencyKey': () => 'one Idempotency-Key header',
  'server.issueGivenTwice': () => 'given more than once',

  'server.cannotStart': () => 'nss serve cannot start as configured',
  'server.issueCannotReadPem': ({file, reason}) => `cannot read ${file}: ${reason}`,
  'server.issueWholeNumber': ({min, max, fallback}) => `a whole number from ${min} to ${max} (default ${fallback})`,
  'server.issueListenForm': ({example}) => `HOST:PORT, e.g. ${example} or [::1]:8443 (port 0: any free port)`,
  'server.issueTlsBoth': () => 'TLS needs both NSS_TLS_CERT and NSS_TLS_KEY (PEM files)',
  'server.issuePlainHttpLoopback': ({host}) =>
    `plain HTTP only on a loopback address (a reverse proxy in front): set NSS_TLS_CERT and NSS_TLS_KEY to listen on ${host}`,
}
