/**
 * Every command of the CLI, by oclif id (topics joined by `:`, shown with a space). oclif finds them
 * here through package.json `oclif.commands` (the `explicit` strategy: `COMMANDS` of dist/nss.js, the
 * bundle), not by scanning dist/commands: the CLI is one file to load (docs/performance.md). A new
 * command is a file in commands/ and a line here.
 *
 * Each entry is a getter that requires its module when oclif asks for that command: a call runs the
 * module of its own command only, not the renderers and readers the other commands import (oclif
 * itself reads ids and flags from oclif.manifest.json).
 */
import type {Command} from '@oclif/core'

/** Which module holds each command; `require` (not `import()`) so that loading stays synchronous and lazy in the bundle. */
const LOADERS: Record<string, () => {default: Command.Class}> = {
  amend: () => require('../../commands/amend'),
  attachment: () => require('../../commands/attachment'),
  audit: () => require('../../commands/audit'),
  apply: () => require('../../commands/apply'),
  daemon: () => require('../../commands/daemon'),
  demo: () => require('../../commands/demo'),
  'draft:delete': () => require('../../commands/draft/delete'),
  'draft:list': () => require('../../commands/draft/list'),
  'draft:save': () => require('../../commands/draft/save'),
  'draft:show': () => require('../../commands/draft/show'),
  'draft:submit': () => require('../../commands/draft/submit'),
  init: () => require('../../commands/init'),
  login: () => require('../../commands/login'),
  logout: () => require('../../commands/logout'),
  health: () => require('../../commands/health'),
  'mail:deliver': () => require('../../commands/mail/deliver'),
  'mail:inbound': () => require('../../commands/mail/inbound'),
  'mail:outbox': () => require('../../commands/mail/outbox'),
  'mail:reprocess': () => require('../../commands/mail/reprocess'),
  'mail:retry': () => require('../../commands/mail/retry'),
  'office:import': () => require('../../commands/office/import'),
  'office:passwd': () => require('../../commands/office/passwd'),
  'office:show': () => require('../../commands/office/show'),
  'office:senders:add': () => require('../../commands/office/senders/add'),
  'office:senders:list': () => require('../../commands/office/senders/list'),
  'office:senders:remove': () => require('../../commands/office/senders/remove'),
  passwd: () => require('../../commands/passwd'),
  review: () => require('../../commands/review'),
  'reviewer:add': () => require('../../commands/reviewer/add'),
  'reviewer:list': () => require('../../commands/reviewer/list'),
  'reviewer:set': () => require('../../commands/reviewer/set'),
  status: () => require('../../commands/status'),
  serve: () => require('../../commands/serve'),
  'store:backup': () => require('../../commands/store/backup'),
  'store:copy': () => require('../../commands/store/copy'),
  'token:create': () => require('../../commands/token/create'),
  'token:list': () => require('../../commands/token/list'),
  'token:revoke': () => require('../../commands/token/revoke'),
  withdraw: () => require('../../commands/withdraw'),
}

/** The command classes by id; reading one loads its module. */
export const COMMANDS: Record<string, Command.Class> = Object.defineProperties({}, Object.fromEntries(
  Object.entries(LOADERS).map(([id, load]) => [id, {enumerable: true, get: () => load().default}]),
))
