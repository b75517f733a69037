/** The English catalogue: what `nss office import FILE` says about a master-data file; the keys and parameters of the Japanese one. */
import type {MASTER_DATA_JA, MasterDataChoice} from '../ja/master-data'

const CHOICE_EN: Record<MasterDataChoice, string> = {processingMethod: 'processing method', systemClass: 'system class', locale: 'locale'}

export const MASTER_DATA_EN: typeof MASTER_DATA_JA = {
  'masterData.required': () => 'required',
  'masterData.mustBeText': () => 'must be text',
  'masterData.mustBeObject': () => 'must be an object',
  'masterData.mustBeList': () => 'must be a list',
  'masterData.unknownField': ({key}) => `unknown field "${key}"`,
  'masterData.tooLong': ({max}) => `must be at most ${max} characters`,
  'masterData.controlCharacter': () => 'must not contain line breaks, tabs or other control characters',
  'masterData.officeCode': () => 'must be 3 to 10 characters of 0-9 and A-Z',
  'masterData.userCode': () => 'must be 5 characters of 0-9 and A-Z (e.g. 1ANAC)',
  'masterData.ident': () => 'must be 3 characters of 0-9 and A-Z (e.g. A01)',
  'masterData.email': () => 'must be a valid e-mail address',
  'masterData.registrationText': () => "must be upper-case half-width letters, digits, spaces and . , - / & ' ( ) #",
  'masterData.unknownChoice': ({what, value, choices}) => `unknown ${CHOICE_EN[what]} "${value}": use ${choices}`,
  'masterData.noOffices': () => 'at least one office is required',
  'masterData.noUserCodes': () => 'at least one user code is required',
  'masterData.noUserIds': () => 'at least one user ID is required',
  'masterData.duplicateOffice': ({code, first}) => `office code ${code} appears more than once (first at ${first})`,
  'masterData.duplicateUserCode': ({code, first}) => `user code ${code} appears more than once in the file (first at ${first})`,
  'masterData.duplicateIdent': ({ident, userCode, first}) =>
    `identification number ${ident} appears more than once under user code ${userCode} (first at ${first})`,
  'masterData.summary': ({count}) => `master data has ${count} problem${count === 1 ? '' : 's'}`,

  'masterData.fileSummary': ({file, count}) => `${file}: ${count} problem${count === 1 ? '' : 's'} found; nothing was read`,
  'masterData.notFound': ({filePath}) => `${filePath}: no such file`,
  'masterData.isDirectory': ({filePath}) => `${filePath} is a directory, not a file`,
  'masterData.permissionDenied': ({filePath}) => `${filePath}: permission denied`,
  'masterData.unreadable': ({filePath, reason}) => `cannot read ${filePath}: ${reason}`,
  'masterData.unknownFormat': ({file}) => `cannot tell the format of ${file} from its name: give --format json or --format csv`,
  'masterData.empty': () => 'the file is empty',
  'masterData.notUtf8': () =>
    'the file is not valid UTF-8; if it was saved by Japanese Excel (Shift_JIS), run again with --encoding cp932',
  'masterData.notUtf8DespiteBom': () => 'the file starts with a UTF-8 byte order mark but is not valid UTF-8',
  'masterData.notCp932': () => 'the file is not valid cp932 (Shift_JIS); if it is UTF-8, leave out --encoding cp932',
  'masterData.jsonSyntax': ({reason}) => `JSON syntax error: ${reason}`,
  'masterData.csvSyntax': ({reason}) => `CSV syntax error: ${reason}`,
  'masterData.csvQuoteNotClosed': () => 'CSV syntax error: a quoted cell is not closed',
  'masterData.csvTextAfterQuote': () =>
    'CSV syntax error: a closing quote is followed by other characters; write a quote inside a quoted cell as ""',
  'masterData.noRows': () => 'there are no data rows after the header',
  'masterData.missingColumn': () => 'missing column',
  'masterData.unknownColumn': ({expected}) => `unknown column (expected: ${expected})`,
  'masterData.duplicateColumn': () => 'column appears more than once',
  'masterData.fieldCount': ({found, expected}) => `the row has ${found} fields but the header has ${expected}`,
  'masterData.officeConflict': ({office, line, there, here}) =>
    `differs from line ${line} of the same office ${office} ("${there}" there, "${here}" here)`,
  'masterData.userCodeConflict': ({userCode, line, there, here}) =>
    `differs from line ${line} of the same user code ${userCode} ("${there}" there, "${here}" here)`,
}
