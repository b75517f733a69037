/**
 * The Japanese catalogue: what `nss office import FILE` says about an offices master-data file (SPEC §2),
 * read by the center's staff — the file's reading and decoding (src/app/master-data-file.ts) and the
 * rules of its fields (src/domain/master-data-schema.ts). src/domain/messages/en/master-data.ts is
 * typed by this object.
 */

/** The enumerated fields whose value may be unknown, as an issue names them. */
export type MasterDataChoice = 'processingMethod' | 'systemClass' | 'locale'

const CHOICE_JA: Record<MasterDataChoice, string> = {processingMethod: '処理方式', systemClass: 'システム区分', locale: 'ロケール'}

export const MASTER_DATA_JA = {
  // the fields (src/domain/master-data-schema.ts)
  'masterData.required': () => '必須です。',
  'masterData.mustBeText': () => '文字列で指定してください。',
  'masterData.mustBeObject': () => 'オブジェクトで指定してください。',
  'masterData.mustBeList': () => 'リスト(配列)で指定してください。',
  'masterData.unknownField': ({key}: {key: string}) => `不明な項目「${key}」です。`,
  'masterData.tooLong': ({max}: {max: number}) => `${max}文字以内で入力してください。`,
  'masterData.controlCharacter': () => '改行、タブなどの制御文字は使えません。',
  'masterData.officeCode': () => '0-9 と A-Z の3～10文字で入力してください。',
  'masterData.userCode': () => '0-9 と A-Z の5文字で入力してください(例: 1ANAC)。',
  'masterData.ident': () => '0-9 と A-Z の3文字で入力してください(例: A01)。',
  'masterData.email': () => '正しいメールアドレスを入力してください。',
  'masterData.registrationText': () => "半角の英大文字・数字・空白と . , - / & ' ( ) # で入力してください。",
  'masterData.unknownChoice': ({what, value, choices}: {what: MasterDataChoice; value: string; choices: string}) =>
    `${CHOICE_JA[what]}「${value}」は使えません。${choices} のいずれかを指定してください。`,
  'masterData.noOffices': () => '事業所を1つ以上指定してください。',
  'masterData.noUserCodes': () => '利用者コードを1つ以上指定してください。',
  'masterData.noUserIds': () => '利用者IDを1つ以上指定してください。',
  'masterData.duplicateOffice': ({code, first}: {code: string; first: string}) =>
    `事業所コード ${code} が複数回出てきます(最初は ${first})。`,
  'masterData.duplicateUserCode': ({code, first}: {code: string; first: string}) =>
    `利用者コード ${code} がファイルの中で複数回出てきます(最初は ${first})。`,
  'masterData.duplicateIdent': ({ident, userCode, first}: {ident: string; userCode: string; first: string}) =>
    `識別番号 ${ident} が利用者コード ${userCode} の中で複数回出てきます(最初は ${first})。`,
  'masterData.summary': ({count}: {count: number}) => `マスタデータに${count}件の問題があります。`,

  // the file (src/app/master-data-file.ts)
  'masterData.fileSummary': ({file, count}: {file: string; count: number}) =>
    `${file}: ${count}件の問題があったため、何も読み込みませんでした。`,
  'masterData.notFound': ({filePath}: {filePath: string}) => `${filePath} というファイルはありません。`,
  'masterData.isDirectory': ({filePath}: {filePath: string}) => `${filePath} はファイルではなくディレクトリです。`,
  'masterData.permissionDenied': ({filePath}: {filePath: string}) => `${filePath} を読む権限がありません。`,
  'masterData.unreadable': ({filePath, reason}: {filePath: string; reason: string}) => `${filePath} を読めませんでした(${reason})。`,
  'masterData.unknownFormat': ({file}: {file: string}) =>
    `${file} の名前からは形式がわかりません。--format json または --format csv を指定してください。`,
  'masterData.empty': () => 'ファイルが空です。',
  'masterData.notUtf8': () =>
    'ファイルが正しい UTF-8 ではありません。日本語版の Excel で保存したファイル(Shift_JIS)なら、--encoding cp932 を付けてもう一度実行してください。',
  'masterData.notUtf8DespiteBom': () => 'ファイルは UTF-8 のバイトオーダーマークで始まっていますが、正しい UTF-8 ではありません。',
  'masterData.notCp932': () => 'ファイルが正しい cp932(Shift_JIS)ではありません。UTF-8 のファイルなら --encoding cp932 を付けずに実行してください。',
  'masterData.jsonSyntax': ({reason}: {reason: string}) => `JSON の構文に誤りがあります(${reason})。`,
  'masterData.csvSyntax': ({reason}: {reason: string}) => `CSV の構文に誤りがあります(${reason})。`,
  'masterData.csvQuoteNotClosed': () => 'CSV の構文に誤りがあります: 引用符で囲んだセルが閉じられていません。',
  'masterData.csvTextAfterQuote': () =>
    'CSV の構文に誤りがあります: 閉じる引用符の後に文字があります。引用符で囲んだセルの中の引用符は "" と書いてください。',
  'masterData.noRows': () => 'ヘッダーの後にデータの行がありません。',
  'masterData.missingColumn': () => 'この列がありません。',
  'masterData.unknownColumn': ({expected}: {expected: string}) => `不明な列です(使える列: ${expected})。`,
  'masterData.duplicateColumn': () => '同じ列が複数あります。',
  'masterData.fieldCount': ({found, expected}: {found: number; expected: number}) =>
    `この行の項目は${found}個ですが、ヘッダーの項目は${expected}個です。`,
  'masterData.officeConflict': ({office, line, there, here}: {office: string; line: number; there: string; here: string}) =>
    `同じ事業所 ${office} の${line}行目と異なります(${line}行目は「${there}」、この行は「${here}」)。`,
  'masterData.userCodeConflict': ({userCode, line, there, here}: {userCode: string; line: number; there: string; here: string}) =>
    `同じ利用者コード ${userCode} の${line}行目と異なります(${line}行目は「${there}」、この行は「${here}」)。`,
}
