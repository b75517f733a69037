/**
 * Every user-facing message of the domain, in each locale, in one place (STYLE: user-facing text lives
 * in one place per locale). The Japanese wording follows the seed's screens (「…を入力してください。」,
 * 「備考 (240文字以内)」, 「こちらのパスワード初期化は承る事が出来ません。」).
 *
 * To add a message: add its key and parameters to `MessageParams`, then its text to both `JA` and `EN`;
 * the compiler refuses a key that is missing in one locale.
 */
import {formatSlashDate, LocalDate} from './japan-time'
import {Locale, REGISTRATION_FIELD_LABELS, TIMING_LABELS} from './vocabulary'

/** The JSON types a validation message may name (`…は文字列で指定してください。`). */
export type ExpectedType = 'string' | 'object' | 'array' | 'boolean'

/** The parameters of each message; a key with `{}` takes none. */
export interface MessageParams {
  // Generic validation (SPEC §3): `field` is a label from FIELD_LABELS.
  'validation.summary': {count: number}
  'validation.required': {field: string}
  'validation.tooLong': {field: string; max: number}
  'validation.type': {field: string; expected: ExpectedType}
  'validation.invalid': {field: string}
  'validation.unknownField': {key: string}
  'validation.atLeastOne': {field: string}
  'validation.katakana': {field: string}
  'validation.phone': {field: string}
  'validation.email': {field: string}
  'validation.userCodeFormat': {field: string}
  'validation.identFormat': {field: string}
  'validation.registrationChars': {field: string; invalid: string[]}
  'validation.controlChars': {field: string}
  // The application's own rules (SPEC §3).
  'application.timing': {}
  'application.desiredDateRequired': {}
  'application.desiredDateNotAllowed': {}
  'application.desiredDateFormat': {}
  'application.desiredDateNotReal': {value: string}
  'application.desiredDateClosed': {date: LocalDate}
  'application.desiredDateLead': {date: LocalDate; lead: number; earliest: LocalDate}
  'application.entryEmpty': {userCode: string}
  'application.entryDuplicate': {userCode: string}
  'application.userCodeNotOffice': {userCode: string; office: string}
  'application.identDuplicate': {userId: string}
  'application.identUnknown': {userId: string; userCode: string}
  'application.registrationEmpty': {}
  // Amend patches (SPEC §9).
  'amend.summary': {count: number}
  'amend.notObject': {}
  'amend.removeFlag': {}
  'amend.removeWithParts': {userCode: string}
  'amend.removeNotFound': {userCode: string}
  'amend.entryDuplicate': {userCode: string}
  // Review checks (SPEC §8): `message` is for the reviewer, `notice` is the text sent to the office.
  'review.resetSelfService.message': {userCode: string; requested: string[]; others: string[]}
  'review.resetSelfService.notice': {userCode: string; requested: string[]; others: string[]}
  'review.desiredDateLead.message': {date: LocalDate; lead: number; today: LocalDate}
  'review.desiredDateLead.notice': {date: LocalDate; lead: number; earliest: LocalDate}
  'review.desiredDateClosed.message': {date: LocalDate}
  'review.desiredDateClosed.notice': {date: LocalDate}
  'review.registrationUnchanged.message': {userCode: string; fields: string[]}
  'review.registrationUnchanged.notice': {userCode: string; fields: string[]}
}

export type MessageKey = keyof MessageParams

/** The arguments after the key: none for a message without parameters. */
export type MessageArgs<K extends MessageKey> = keyof MessageParams[K] extends never
  ? [params?: MessageParams[K]]
  : [params: MessageParams[K]]

type Catalogue = {[K in MessageKey]: (params: MessageParams[K]) => string}

/** The paths of input fields (indices written `[]`) that messages name, e.g. `entries[].userCode`. */
export type FieldKey =
  | ''
  | 'contact' | 'contact.name' | 'contact.kana' | 'contact.department' | 'contact.title'
  | 'contact.phone' | 'contact.fax' | 'contact.email'
  | 'timing' | 'desiredDate' | 'remarks'
  | 'entries' | 'entries[]' | 'entries[].userCode' | 'entries[].remove'
  | 'entries[].passwordReset' | 'entries[].passwordReset.ids' | 'entries[].passwordReset.ids[]'
  | 'entries[].passwordReset.reason'
  | 'entries[].registration' | 'entries[].registration.companyNameEn' | 'entries[].registration.officeNameEn'
  | 'entries[].registration.addressEn' | 'entries[].registration.managerNameEn'

/** Field labels as the seed's screens print them (申込担当者情報, システム設定情報). */
export const FIELD_LABELS: Record<Locale, Record<FieldKey, string>> = {
  ja: {
    '': '申込内容',
    contact: '申込担当者情報',
    'contact.name': '氏名',
    'contact.kana': '氏名(フリガナ)',
    'contact.department': '所属部署名',
    'contact.title': '役職名',
    'contact.phone': '電話番号',
    'contact.fax': 'FAX番号',
    'contact.email': 'E-mailアドレス',
    timing: 'NACCS反映タイミング',
    desiredDate: 'NACCS登録希望日',
    remarks: '備考',
    entries: 'システム設定情報',
    'entries[]': 'システム設定情報',
    'entries[].userCode': '利用者コード',
    'entries[].remove': '削除指定(remove)',
    'entries[].passwordReset': 'パスワード初期化',
    'entries[].passwordReset.ids': 'パスワードを初期化する利用者ID',
    'entries[].passwordReset.ids[]': '識別番号',
    'entries[].passwordReset.reason': 'パスワード初期化の希望理由',
    'entries[].registration': '申込情報の修正',
    'entries[].registration.companyNameEn': REGISTRATION_FIELD_LABELS.ja.companyNameEn,
    'entries[].registration.officeNameEn': REGISTRATION_FIELD_LABELS.ja.officeNameEn,
    'entries[].registration.addressEn': REGISTRATION_FIELD_LABELS.ja.addressEn,
    'entries[].registration.managerNameEn': REGISTRATION_FIELD_LABELS.ja.managerNameEn,
  },
  en: {
    '': 'The application',
    contact: 'Contact',
    'contact.name': 'Contact name',
    'contact.kana': 'Contact name (katakana)',
    'contact.department': 'Department',
    'contact.title': 'Title',
    'contact.phone': 'Phone number',
    'contact.fax': 'Fax number',
    'contact.email': 'E-mail address',
    timing: 'Timing',
    desiredDate: 'Desired registration date',
    remarks: 'Remarks',
    entries: 'Entries',
    'entries[]': 'Entry',
    'entries[].userCode': 'User code',
    'entries[].remove': 'remove',
    'entries[].passwordReset': 'Password initialization',
    'entries[].passwordReset.ids': 'User IDs to initialize',
    'entries[].passwordReset.ids[]': 'Identification number',
    'entries[].passwordReset.reason': 'Reason for password initialization',
    'entries[].registration': 'Registration change',
    'entries[].registration.companyNameEn': REGISTRATION_FIELD_LABELS.en.companyNameEn,
    'entries[].registration.officeNameEn': REGISTRATION_FIELD_LABELS.en.officeNameEn,
    'entries[].registration.addressEn': REGISTRATION_FIELD_LABELS.en.addressEn,
    'entries[].registration.managerNameEn': REGISTRATION_FIELD_LABELS.en.managerNameEn,
  },
}

const TYPE_NAMES: Record<Locale, Record<ExpectedType, string>> = {
  ja: {string: '文字列', object: 'オブジェクト({ … })', array: '配列([ … ])', boolean: 'true または false'},
  en: {string: 'a string', object: 'an object ({ … })', array: 'an array ([ … ])', boolean: 'true or false'},
}

const REGISTRATION_SYMBOLS = `. , - / & ' ( ) #`
const jaList = (items: string[]): string => items.join(', ')
const enList = (items: string[]): string => items.join(', ')
const quoteChars = (chars: string[]): string => chars.map((c) => `「${c}」`).join('')

const JA: Catalogue = {
  'validation.summary': ({count}) => `申込内容に誤りがあります(${count}件)。`,
  'validation.required': ({field}) => `${field}を入力してください。`,
  'validation.tooLong': ({field, max}) => `${field}は${max}文字以内で入力してください。`,
  'validation.type': ({field, expected}) => `${field}は${TYPE_NAMES.ja[expected]}で指定してください。`,
  'validation.invalid': ({field}) => `${field}の指定が正しくありません。`,
  'validation.unknownField': ({key}) => `「${key}」は指定できない項目です。`,
  'validation.atLeastOne': ({field}) => `${field}を1件以上指定してください。`,
  'validation.katakana': ({field}) => `${field}は全角カタカナで入力してください。`,
  'validation.phone': ({field}) => `${field}は数字10〜11桁で入力してください。`,
  'validation.email': ({field}) => `${field}の形式が正しくありません。`,
  'validation.userCodeFormat': ({field}) => `${field}は半角英数字5桁で入力してください。`,
  'validation.identFormat': ({field}) => `${field}は半角英数字3桁で入力してください。`,
  'validation.registrationChars': ({field, invalid}) =>
    `${field}に使用できない文字${quoteChars(invalid)}が含まれています。半角の英大文字・数字・スペースと記号 ${REGISTRATION_SYMBOLS} で入力してください。`,
  'validation.controlChars': ({field}) =>
    `${field}に制御文字(エスケープ、NUL、書字方向の制御など)が含まれています。通常の文字だけで入力してください。`,

  'application.timing': () =>
    `NACCS反映タイミングは earliest(${TIMING_LABELS.ja.earliest})または date(${TIMING_LABELS.ja.date})を指定してください。`,
  'application.desiredDateRequired': () =>
    `「${TIMING_LABELS.ja.date}」の場合は、NACCS登録希望日を入力してください。`,
  'application.desiredDateNotAllowed': () =>
    `「${TIMING_LABELS.ja.earliest}」の場合は、NACCS登録希望日を入力できません。`,
  'application.desiredDateFormat': () => 'NACCS登録希望日は半角数字8桁で入力してください。例) 20190401',
  'application.desiredDateNotReal': ({value}) => `NACCS登録希望日「${value}」は存在しない日付です。`,
  'application.desiredDateClosed': ({date}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} はNACCSセンターの営業日ではありません。営業日を指定してください。`,
  'application.desiredDateLead': ({lead, earliest}) =>
    `NACCS登録希望日は申込日から${lead}営業日以上先の日付を指定してください(${formatSlashDate(earliest)}以降)。`,
  'application.entryEmpty': ({userCode}) =>
    `${userCode ? `利用者コード ${userCode} の` : ''}パスワード初期化または申込情報の修正を指定してください。`,
  'application.entryDuplicate': ({userCode}) =>
    `利用者コード ${userCode} が重複しています。1つの利用者コードにつき1件で申し込んでください。`,
  'application.userCodeNotOffice': ({userCode, office}) =>
    `利用者コード ${userCode} は事業所 ${office} の利用者コードではありません。`,
  'application.identDuplicate': ({userId}) => `利用者ID ${userId} が重複しています。`,
  'application.identUnknown': ({userId, userCode}) => `利用者ID ${userId} は利用者コード ${userCode} に登録されていません。`,
  'application.registrationEmpty': () =>
    `申込情報の修正は、${Object.values(REGISTRATION_FIELD_LABELS.ja).join('・')}のいずれかを入力してください。`,

  'amend.summary': ({count}) => `修正内容に誤りがあります(${count}件)。`,
  'amend.notObject': () => '修正内容はオブジェクト({ … })で指定してください。',
  'amend.removeFlag': () => '削除する場合は remove に true を指定してください。',
  'amend.removeWithParts': ({userCode}) =>
    `削除を指定した利用者コード ${userCode} には、パスワード初期化・申込情報の修正を指定できません。`,
  'amend.removeNotFound': ({userCode}) => `利用者コード ${userCode} はこの申込に含まれていないため、削除できません。`,
  'amend.entryDuplicate': ({userCode}) => `利用者コード ${userCode} が修正内容の中で重複しています。`,

  'review.resetSelfService.message': ({userCode, requested, others}) =>
    `${userCode}: 初期化対象外の利用者ID(${jaList(others)})があるため、${jaList(requested)} はURYで初期化できます。`,
  'review.resetSelfService.notice': ({userCode, requested, others}) =>
    'こちらのパスワード初期化は承る事が出来ません。' +
    `同一利用者コード(${userCode})のIDであればパスワード初期化(URY)ができるようになっています。` +
    `${jaList(requested)} のパスワードは、${jaList(others)} からNACCSの「利用者情報登録(URY)」業務にて初期化してください。`,
  'review.desiredDateLead.message': ({date, lead, today}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} は本日(${formatSlashDate(today)})から${lead}営業日以上先ではありません。`,
  'review.desiredDateLead.notice': ({date, lead, earliest}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} は、本日から${lead}営業日以上先の日付ではないため、ご希望の日付で登録できません。` +
    `${formatSlashDate(earliest)}以降の日付を指定するか、NACCS反映タイミングを「${TIMING_LABELS.ja.earliest}」に修正してください。`,
  'review.desiredDateClosed.message': ({date}) => `NACCS登録希望日 ${formatSlashDate(date)} は営業日ではありません。`,
  'review.desiredDateClosed.notice': ({date}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} はNACCSセンターの営業日ではないため、登録できません。営業日を指定して修正してください。`,
  'review.registrationUnchanged.message': ({userCode, fields}) =>
    `${userCode}: 申込情報の修正(${fields.join('・')})が現在の登録内容と同じです。`,
  'review.registrationUnchanged.notice': ({userCode, fields}) =>
    `利用者コード ${userCode} の申込情報の修正内容(${fields.join('・')})は、現在の登録内容と変わりません。` +
    '変更内容をご確認の上、修正してください。',
}

const EN: Catalogue = {
  'validation.summary': ({count}) => `The application has ${count} problem${count === 1 ? '' : 's'}.`,
  'validation.required': ({field}) => `${field} is required.`,
  'validation.tooLong': ({field, max}) => `${field} must be at most ${max} characters.`,
  'validation.type': ({field, expected}) => `${field} must be ${TYPE_NAMES.en[expected]}.`,
  'validation.invalid': ({field}) => `${field} is not valid.`,
  'validation.unknownField': ({key}) => `"${key}" is not a known field.`,
  'validation.atLeastOne': ({field}) => `${field}: give at least one.`,
  'validation.katakana': ({field}) => `${field} must be written in katakana.`,
  'validation.phone': ({field}) => `${field} must be 10 or 11 digits.`,
  'validation.email': ({field}) => `${field} is not a valid e-mail address.`,
  'validation.userCodeFormat': ({field}) => `${field} must be 5 letters or digits (e.g. 1ANAC).`,
  'validation.identFormat': ({field}) => `${field} must be 3 letters or digits (e.g. A01).`,
  'validation.registrationChars': ({field, invalid}) =>
    `${field} contains characters that are not allowed (${invalid.map((c) => `"${c}"`).join(' ')}): ` +
    `use upper-case letters A-Z, digits, spaces and ${REGISTRATION_SYMBOLS}`,
  'validation.controlChars': ({field}) =>
    `${field} contains control characters (escape, NUL, text-direction controls and the like): use ordinary characters only.`,

  'application.timing': () => 'Timing must be "earliest" or "date".',
  'application.desiredDateRequired': () => 'Desired registration date is required when timing is "date".',
  'application.desiredDateNotAllowed': () => 'Desired registration date must not be given when timing is "earliest".',
  'application.desiredDateFormat': () => 'Desired registration date must be 8 digits, YYYYMMDD (e.g. 20190401).',
  'application.desiredDateNotReal': ({value}) => `Desired registration date ${value} is not a real date.`,
  'application.desiredDateClosed': ({date}) =>
    `Desired registration date ${date} is not a business day of NACCS Center: choose a business day.`,
  'application.desiredDateLead': ({lead, earliest}) =>
    `Desired registration date must be at least ${lead} business days after the application (${earliest} or later).`,
  'application.entryEmpty': ({userCode}) =>
    `${userCode ? `User code ${userCode}: g` : 'G'}ive a password initialization or a registration change.`,
  'application.entryDuplicate': ({userCode}) => `User code ${userCode} appears more than once: one entry per user code.`,
  'application.userCodeNotOffice': ({userCode, office}) => `User code ${userCode} does not belong to office ${office}.`,
  'application.identDuplicate': ({userId}) => `User ID ${userId} appears more than once.`,
  'application.identUnknown': ({userId, userCode}) => `User ID ${userId} is not registered under user code ${userCode}.`,
  'application.registrationEmpty': () =>
    'A registration change needs at least one of companyNameEn, officeNameEn, addressEn, managerNameEn.',

  'amend.summary': ({count}) => `The amendment has ${count} problem${count === 1 ? '' : 's'}.`,
  'amend.notObject': () => 'The amendment must be an object ({ … }).',
  'amend.removeFlag': () => 'To remove an entry, set "remove" to true.',
  'amend.removeWithParts': ({userCode}) =>
    `User code ${userCode} is removed: it cannot also have a password initialization or a registration change.`,
  'amend.removeNotFound': ({userCode}) => `User code ${userCode} is not in this application, so it cannot be removed.`,
  'amend.entryDuplicate': ({userCode}) => `User code ${userCode} appears more than once in the amendment.`,

  'review.resetSelfService.message': ({userCode, requested, others}) =>
    `${userCode}: the office holds other IDs (${enList(others)}), so ${enList(requested)} can be initialized through URY.`,
  'review.resetSelfService.notice': ({userCode, requested, others}) =>
    'We cannot accept this password initialization. ' +
    `IDs under the same user code (${userCode}) can initialize each other's passwords (URY): ` +
    `please initialize ${enList(requested)} from ${enList(others)} through the NACCS User Information Registration (URY) job.`,
  'review.desiredDateLead.message': ({date, lead, today}) =>
    `Desired registration date ${date} is less than ${lead} business days after today (${today}).`,
  'review.desiredDateLead.notice': ({date, lead, earliest}) =>
    `The desired registration date ${date} is less than ${lead} business days from today, so we cannot register on that date. ` +
    `Please choose ${earliest} or later, or change the timing to "${TIMING_LABELS.en.earliest}".`,
  'review.desiredDateClosed.message': ({date}) => `Desired registration date ${date} is not a business day.`,
  'review.desiredDateClosed.notice': ({date}) =>
    `The desired registration date ${date} is not a business day of NACCS Center. Please choose a business day.`,
  'review.registrationUnchanged.message': ({userCode, fields}) =>
    `${userCode}: the registration change (${fields.join(', ')}) equals the current values.`,
  'review.registrationUnchanged.notice': ({userCode, fields}) =>
    `The registration change for user code ${userCode} (${fields.join(', ')}) is the same as the current registration. ` +
    'Please check the values you want to change.',
}

/** The catalogue of every locale. */
export const MESSAGES: Record<Locale, Catalogue> = {ja: JA, en: EN}

/** The text of a message in a locale; an unknown locale (e.g. from old data) falls back to Japanese. */
export function message<K extends MessageKey>(locale: Locale, key: K, ...params: MessageArgs<K>): string {
  const render = (MESSAGES[locale] ?? MESSAGES.ja)[key] as (p: MessageParams[K]) => string
  return render((params[0] ?? {}) as MessageParams[K])
}

/** `message` bound to one locale: `const say = messagesIn('en'); say('validation.required', {field})`. */
export function messagesIn(locale: Locale): <K extends MessageKey>(key: K, ...params: MessageArgs<K>) => string {
  return (key, ...params) => message(locale, key, ...params)
}

/** The label of an input field, e.g. `contact.phone` → 電話番号. */
export function fieldLabel(locale: Locale, field: FieldKey): string {
  return (FIELD_LABELS[locale] ?? FIELD_LABELS.ja)[field]
}
