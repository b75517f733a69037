/**
 * The Japanese catalogue of the domain's validation and review messages (SPEC §3, §8, §9). The wording
 * follows the seed's screens (「…を入力してください。」, 「こちらのパスワード初期化は承る事が出来ません。」).
 * A key's parameters are declared here, once; the English catalogue must have the same keys and
 * parameters (src/domain/messages/en/validation.ts is typed by this object).
 */
import {formatSlashDate, type LocalDate} from '../../japan-time'
import {REGISTRATION_FIELD_LABELS, TIMING_LABELS} from '../../vocabulary'
import type {ExpectedType, FieldKey} from '../types'

const TYPE_NAMES: Record<ExpectedType, string> = {string: '文字列', object: 'オブジェクト({ … })', array: '配列([ … ])', boolean: 'true または false'}
const REGISTRATION_SYMBOLS = `. , - / & ' ( ) #`
const jaList = (items: string[]): string => items.join(', ')
const quoteChars = (chars: string[]): string => chars.map((c) => `「${c}」`).join('')

/** The labels of input fields as the seed's screens print them (申込担当者情報, システム設定情報). */
export const FIELD_LABELS_JA: Record<FieldKey, string> = {
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
}

export const VALIDATION_JA = {
  'validation.summary': ({count}: {count: number}) => `申込内容に誤りがあります(${count}件)。`,
  'validation.required': ({field}: {field: string}) => `${field}を入力してください。`,
  'validation.tooLong': ({field, max}: {field: string; max: number}) => `${field}は${max}文字以内で入力してください。`,
  'validation.type': ({field, expected}: {field: string; expected: ExpectedType}) => `${field}は${TYPE_NAMES[expected]}で指定してください。`,
  'validation.invalid': ({field}: {field: string}) => `${field}の指定が正しくありません。`,
  'validation.unknownField': ({key}: {key: string}) => `「${key}」は指定できない項目です。`,
  'validation.atLeastOne': ({field}: {field: string}) => `${field}を1件以上指定してください。`,
  'validation.katakana': ({field}: {field: string}) => `${field}は全角カタカナで入力してください。`,
  'validation.phone': ({field}: {field: string}) => `${field}は数字10〜11桁で入力してください。`,
  'validation.email': ({field}: {field: string}) => `${field}の形式が正しくありません。`,
  'validation.userCodeFormat': ({field}: {field: string}) => `${field}は半角英数字5桁で入力してください。`,
  'validation.identFormat': ({field}: {field: string}) => `${field}は半角英数字3桁で入力してください。`,
  'validation.registrationChars': ({field, invalid}: {field: string; invalid: string[]}) =>
    `${field}に使用できない文字${quoteChars(invalid)}が含まれています。半角の英大文字・数字・スペースと記号 ${REGISTRATION_SYMBOLS} で入力してください。`,
  'validation.controlChars': ({field}: {field: string}) =>
    `${field}に制御文字(エスケープ、NUL、書字方向の制御など)が含まれています。通常の文字だけで入力してください。`,

  'application.timing': () =>
    `NACCS反映タイミングは earliest(${TIMING_LABELS.ja.earliest})または date(${TIMING_LABELS.ja.date})を指定してください。`,
  'application.desiredDateRequired': () =>
    `「${TIMING_LABELS.ja.date}」の場合は、NACCS登録希望日を入力してください。`,
  'application.desiredDateNotAllowed': () =>
    `「${TIMING_LABELS.ja.earliest}」の場合は、NACCS登録希望日を入力できません。`,
  'application.desiredDateFormat': () => 'NACCS登録希望日は半角数字8桁で入力してください。例) 20190401',
  'application.desiredDateNotReal': ({value}: {value: string}) => `NACCS登録希望日「${value}」は存在しない日付です。`,
  'application.desiredDateClosed': ({date}: {date: LocalDate}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} はNACCSセンターの営業日ではありません。営業日を指定してください。`,
  'application.desiredDateLead': ({lead, earliest}: {date: LocalDate; lead: number; earliest: LocalDate}) =>
    `NACCS登録希望日は申込日から${lead}営業日以上先の日付を指定してください(${formatSlashDate(earliest)}以降)。`,
  'application.entryEmpty': ({userCode}: {userCode: string}) =>
    `${userCode ? `利用者コード ${userCode} の` : ''}パスワード初期化または申込情報の修正を指定してください。`,
  'application.entryDuplicate': ({userCode}: {userCode: string}) =>
    `利用者コード ${userCode} が重複しています。1つの利用者コードにつき1件で申し込んでください。`,
  'application.userCodeNotOffice': ({userCode, office}: {userCode: string; office: string}) =>
    `利用者コード ${userCode} は事業所 ${office} の利用者コードではありません。`,
  'application.identDuplicate': ({userId}: {userId: string}) => `利用者ID ${userId} が重複しています。`,
  'application.identUnknown': ({userId, userCode}: {userId: string; userCode: string}) => `利用者ID ${userId} は利用者コード ${userCode} に登録されていません。`,
  'application.registrationEmpty': () =>
    `申込情報の修正は、${Object.values(REGISTRATION_FIELD_LABELS.ja).join('・')}のいずれかを入力してください。`,

  'amend.summary': ({count}: {count: number}) => `修正内容に誤りがあります(${count}件)。`,
  'amend.notObject': () => '修正内容はオブジェクト({ … })で指定してください。',
  'amend.removeFlag': () => '削除する場合は remove に true を指定してください。',
  'amend.removeWithParts': ({userCode}: {userCode: string}) =>
    `削除を指定した利用者コード ${userCode} には、パスワード初期化・申込情報の修正を指定できません。`,
  'amend.removeNotFound': ({userCode}: {userCode: string}) => `利用者コード ${userCode} はこの申込に含まれていないため、削除できません。`,
  'amend.entryDuplicate': ({userCode}: {userCode: string}) => `利用者コード ${userCode} が修正内容の中で重複しています。`,

  'review.resetSelfService.message': ({userCode, requested, others}: {userCode: string; requested: string[]; others: string[]}) =>
    `${userCode}: 初期化対象外の利用者ID(${jaList(others)})があるため、${jaList(requested)} はURYで初期化できます。`,
  'review.resetSelfService.notice': ({userCode, requested, others}: {userCode: string; requested: string[]; others: string[]}) =>
    'こちらのパスワード初期化は承る事が出来ません。' +
    `同一利用者コード(${userCode})のIDであればパスワード初期化(URY)ができるようになっています。` +
    `${jaList(requested)} のパスワードは、${jaList(others)} からNACCSの「利用者情報登録(URY)」業務にて初期化してください。`,
  'review.desiredDateLead.message': ({date, lead, today}: {date: LocalDate; lead: number; today: LocalDate}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} は本日(${formatSlashDate(today)})から${lead}営業日以上先ではありません。`,
  'review.desiredDateLead.notice': ({date, lead, earliest}: {date: LocalDate; lead: number; earliest: LocalDate}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} は、本日から${lead}営業日以上先の日付ではないため、ご希望の日付で登録できません。` +
    `${formatSlashDate(earliest)}以降の日付を指定するか、NACCS反映タイミングを「${TIMING_LABELS.ja.earliest}」に修正してください。`,
  'review.desiredDateClosed.message': ({date}: {date: LocalDate}) => `NACCS登録希望日 ${formatSlashDate(date)} は営業日ではありません。`,
  'review.desiredDateClosed.notice': ({date}: {date: LocalDate}) =>
    `NACCS登録希望日 ${formatSlashDate(date)} はNACCSセンターの営業日ではないため、登録できません。営業日を指定して修正してください。`,
  'review.registrationUnchanged.message': ({userCode, fields}: {userCode: string; fields: string[]}) =>
    `${userCode}: 申込情報の修正(${fields.join('・')})が現在の登録内容と同じです。`,
  'review.registrationUnchanged.notice': ({userCode, fields}: {userCode: string; fields: string[]}) =>
    `利用者コード ${userCode} の申込情報の修正内容(${fields.join('・')})は、現在の登録内容と変わりません。` +
    '変更内容をご確認の上、修正してください。',
}
