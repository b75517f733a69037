/** The English catalogue: what src/cli says to a user; the keys and parameters of the Japanese one. */
import type {CLI_JA} from '../ja/cli'

export const CLI_EN: typeof CLI_JA = {
  'cli.officeMissing': () => 'say which office acts: --office CODE or NSS_OFFICE',
  'cli.reviewerMissing': () => 'say which reviewer acts: --reviewer ID or NSS_REVIEWER',
  'cli.actorMissing': () => 'say who acts: --office CODE or --reviewer ID (or NSS_OFFICE / NSS_REVIEWER)',
  'cli.bothActorFlags': () => 'give --office or --reviewer, not both',
  'cli.oneActorAtATime': () => 'one actor at a time',
  'cli.bothActorEnv': () => 'both NSS_OFFICE and NSS_REVIEWER are set: say who acts with --office CODE or --reviewer ID',
  'cli.ambiguousActor': () => 'ambiguous actor',

  'cli.noPassword': () => 'no password: set NSS_PASSWORD or run on a terminal',
  'cli.noNewPassword': () => 'no new password: set NSS_NEW_PASSWORD or run on a terminal',
  'cli.passwordsDiffer': () => 'the two passwords differ',
  'cli.newPasswordsDiffer': () => 'the two new passwords differ',
  'cli.issueMissing': () => 'missing',
  'cli.issueNotConfirmed': () => 'not confirmed',

  'cli.officeCodeEmpty': () => 'the office code is empty',
  'cli.officeCodeHint': () => 'an office code, or none for your own office',
  'cli.passwordsNeedReceipt': () => '--passwords needs a receipt number',
  'cli.requiredWithPasswords': () => 'required with --passwords',
  'cli.passwordsOfficeOnly': () => 'only the applying office can see issued passwords',
  'cli.oneReviewAction': () => 'give exactly one of --query, --complete, --check, --from-check, --message, --take, --release',
  'cli.issueOneReviewAction': () => 'one review action',
  'cli.registrationDateWithComplete': () => '--registration-date goes with --complete',
  'cli.onlyWithComplete': () => 'only with --complete',
  'cli.forceWithTakeRelease': () => '--force goes with --take or --release',
  'cli.onlyWithTakeRelease': () => 'only with --take or --release',
  'cli.invalidDayFlag': ({flag, value}) => `invalid --${flag}: ${value}`,
  'cli.dayForms': () => 'a real date, YYYYMMDD or YYYY-MM-DD',
  'cli.attachmentOutMissing': () => 'say where to save the attachment: --out FILE',
  'cli.issueRequired': () => 'required',
  'cli.outExists': ({out}) => `${out} exists: give another --out or --force to overwrite it`,
  'cli.issueOutExists': () => 'exists (use --force to overwrite)',
  'cli.attachmentDamaged': ({id}) => `attachment ${id} arrived damaged (size or SHA-256 differ): nothing written`,
  'cli.cannotWrite': ({out, reason}) => `cannot write ${out}: ${reason}`,
  'cli.issueNotWritable': () => 'not writable',

  'cli.notJson': ({where, reason}) => `${where}: not valid JSON: ${reason}`,
  'cli.noFile': ({file}) => `no file ${file}`,
  'cli.cannotReadFile': ({file}) => `cannot read ${file}`,

  'cli.unknownCommandNear': ({typed, name}) => `unknown command ${typed}: did you mean ${name}?`,
  'cli.unknownCommand': ({command}) => `unknown command ${command}`,
  'cli.issueSeeHelp': () => 'nss --help lists the commands',

  'cli.unexpected': ({reason}) => `unexpected error: ${reason}`,

  'cli.cannotReadLogin': ({file, reason}) => `cannot read ${file}: ${reason}`,
  'cli.notSavedLogin': ({file, reason}) => `${file} is not a login saved by nss login (${reason}): nss logout removes it`,
  'cli.urlInvalid': ({name, value}) => `${name} is not a URL: ${value}`,
  'cli.issueUrlHint': () => 'https://HOST:PORT of the desk server',
  'cli.urlNotHttps': ({name, origin}) => `${name} must be https:// (http:// only to a loopback address): ${origin}`,
  'cli.issueHttpsOnly': () => 'https only',
  'cli.urlCredentials': ({name}) => `${name} must not hold credentials: give the token in NSS_TOKEN`,
  'cli.issueNoUserPassword': () => 'no user:password@',
  'cli.noToken': ({origin}) => `no API token for ${origin}: set NSS_TOKEN (nss token create on the desk's host), or nss login --url ${origin}`,
  'cli.tokenMalformed': () => 'the API token is not valid: it has spaces, line breaks or other characters no API token has',

  'cli.cannotReadCa': ({file, reason}) => `cannot read NSS_CA_FILE ${file}: ${reason}`,
  'cli.serverBrokeOff': ({origin, reason}) => `the desk server at ${origin} broke off its answer: ${reason}`,
  'cli.serverNotJson': ({origin, status}) => `the desk server at ${origin} answered ${status} with something that is not JSON (a proxy in between?)`,
  'cli.serverNoDeskError': ({origin, status}) => `the desk server at ${origin} answered ${status} without a desk error`,
  'cli.serverUntrusted': ({origin, code}) =>
    `the desk server at ${origin} is not trusted (${code}): its certificate is not signed by a CA this machine trusts — set NSS_CA_FILE to the desk's CA certificate`,
  'cli.serverUnreachable': ({origin, reason}) => `cannot reach the desk server at ${origin}: ${reason}`,
}
