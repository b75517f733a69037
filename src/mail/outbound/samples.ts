/**
 * Sample outbox rows of every mail kind, taken from the seed's scenario (000_bc7b637685dc47c2.txt):
 * NACCS01 applies on 2021/02/02 11:15 (2101910C), is asked 「こちらのパスワード初期化は承る事が出来ません。」,
 * amends as 2101932C, which is completed with NACCS登録日 2021/02/12. Templates are checked against
 * them at start-up (a variable a template names but the desk does not supply fails there, not in a
 * sent mail), the demo and the tests render them.
 */
import type {Locale, MailKind} from '../../domain/vocabulary'
import type {ApplicationMailData, ReplyErrorMailData, SendersChangedMailData, StaffDigestMailData, StaffNoticeMailData} from './mail-data'
import type {MailSource} from './mail-model'

/** 2021/02/02 11:15 Japan time, the seed's 申込日時. */
export const SAMPLE_CREATED_AT = '2021-02-02T02:15:00.000Z'

const SEED_REGISTRATION = {
  companyNameEn: 'NACCS TRADE COMPANY',
  officeNameEn: 'TOKYO OFFICE',
  addressEn: 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F',
  managerNameEn: 'J.YAMADA',
}

/** The seed's application 2101910C as an outbox row carries it (src/app/effects.ts mailDataOf). */
export function sampleApplicationData(overrides: Partial<ApplicationMailData> = {}): ApplicationMailData {
  return {
    receiptNo: '2101910C',
    submittedDate: '2021-02-02',
    officeCode: 'NACCS01',
    officeName: 'NACCSトレード株式会社 東京事業所',
    adminName: '山田 次郎',
    adminEmail: 'admin@example.jp',
    contactName: '通関 太郎',
    contactEmail: 'taro.tsukan@naccs.jp',
    contact: {
      name: '通関 太郎', kana: 'ツウカン タロウ', department: '第一営業部営業第三課', title: '課長',
      phone: '0301234567', fax: '0398765432', email: 'taro.tsukan@naccs.jp',
    },
    timing: 'date',
    desiredDate: '2021-02-12',
    remarks: '',
    entries: [
      {userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A01'], reason: '担当者の異動のため'}},
      {userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}},
    ],
    supersedes: null,
    userCodes: [
      {code: '1ANAC', ...SEED_REGISTRATION, systemClass: 'shared', industry: '通関輸出入'},
      {code: '1BNAC', ...SEED_REGISTRATION, systemClass: 'shared', industry: '通関'},
    ],
    notice: '',
    ...overrides,
  }
}

const SEED_REFUSAL = 'こちらのパスワード初期化は承る事が出来ません。'

/** The amended application 2101932C: every ID of 1ANAC reset (the seed's answer to the refusal). */
function amendedData(overrides: Partial<ApplicationMailData> = {}): ApplicationMailData {
  return sampleApplicationData({
    receiptNo: '2101932C',
    supersedes: '2101910C',
    remarks: 'ご指摘に従い、1ANACは全IDの初期化を申し込みます',
    entries: [
      {userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A0B', 'A01', 'A02', 'A03'], reason: '担当者の異動のため全IDを初期化'}},
      {userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}},
    ],
    ...overrides,
  })
}

/**
 * Sample data of a mail kind: the first variant is the seed's; the others exercise the template's
 * other branches (no predecessor, no notice, no password reset, an application in English).
 */
export function sampleMailData(kind: MailKind): Record<string, unknown>[] {
  switch (kind) {
    case 'receipt':
      return [amendedData(), sampleApplicationData({timing: 'earliest', desiredDate: null, remarks: '至急'})] as never
    case 'query':
      return [sampleApplicationData({notice: SEED_REFUSAL}), amendedData({notice: `${SEED_REFUSAL}\n2行目の通知`, entries: [
        {userCode: '1BNAC', registration: {addressEn: 'TOKYO TO CHIYODA KU 1-1'}},
      ]})] as never
    case 'completion':
      return [
        amendedData({registrationDate: '2021-02-12', passwordsVisibleUntil: '2021-02-04', notice: ''}),
        sampleApplicationData({
          registrationDate: '2021-02-15', passwordsVisibleUntil: null, notice: '登録日を調整しました。',
          entries: [{userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2'}}],
        }),
      ] as never
    case 'message':
      return [
        sampleApplicationData({notice: 'お電話でご相談いただいた件、担当者の異動日をお知らせください。', status: 'query'}),
        amendedData({notice: '登録日の調整のため、数日お時間をいただきます。', status: 'received'}),
      ] as never
    case 'query-reminder':
      return [sampleApplicationData({notice: SEED_REFUSAL, status: 'query'})] as never
    case 'password-reminder':
      return [amendedData({registrationDate: '2021-02-12', passwordsVisibleUntil: '2021-02-04', notice: ''})] as never
    case 'registration-applied':
      return [amendedData({registrationDate: '2021-02-12', notice: '', entries: [{userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2'}}]})] as never
    case 'staff-digest': {
      const digest: StaffDigestMailData = {
        day: '2021-02-03',
        overdue: [{receiptNo: '2101863C', officeCode: 'KAIUN02', date: '2021-02-01', owner: 'r.sato'}],
        dueToday: [{receiptNo: '2101910C', officeCode: 'NACCS01', date: '2021-02-03', owner: null}],
        unansweredQueries: [{receiptNo: '2101899C', officeCode: 'NACCS01', date: '2021-01-28', owner: null}],
        officeMessages: [{receiptNo: '2101899C', officeCode: 'NACCS01', date: '2021-02-02', owner: null}],
        undelivered: [{receiptNo: '2101910C', kind: 'receipt', status: 'bounced', to: ['taro@example.jp']}],
      }
      const quiet: StaffDigestMailData = {day: '2021-02-04', overdue: [], dueToday: [], unansweredQueries: [], undelivered: []}
      return [digest, quiet] as never
    }
    case 'withdrawal':
      return [sampleApplicationData(), amendedData()] as never
    case 'contact-changed':
      return [amendedData({previousContactEmail: 'taro@example.jp', contactEmail: 'hanako@example.jp'})] as never
    case 'staff-notice': {
      const notices: StaffNoticeMailData[] = [
        {event: 'amendment', receiptNo: '2101932C', officeCode: 'NACCS01', officeName: 'NACCS通関株式会社', supersedes: '2101910C', detail: ''},
        {event: 'mail-failed', receiptNo: '2101910C', officeCode: 'NACCS01', officeName: 'NACCS通関株式会社', supersedes: null,
          detail: '確認依頼メール → taro@example.jp: 550 5.1.1 User unknown'},
      ]
      return notices as never
    }
    case 'senders-changed': {
      const base = {receiptNo: null, officeCode: 'NACCS01', officeName: 'NACCSトレード株式会社 東京事業所', adminName: '山田 次郎'} as const
      const added: SendersChangedMailData = {...base, change: 'added', address: 'shared-desk@example.jp', senders: ['shared-desk@example.jp']}
      const removed: SendersChangedMailData = {...base, change: 'removed', address: 'shared-desk@example.jp', senders: []}
      return [added, removed] as never
    }
    case 'reply-error': {
      const withForm: ReplyErrorMailData = {
        receiptNo: '2101910C',
        subject: 'Re: 【2101910C】システム設定申込 内容確認のお願い',
        receivedAt: '2021-02-02T04:30:00.000Z',
        problems: ['12行目: 「事業書名(英)」は返信フォームの項目ではありません。', '「操作:」の後に「修正」または「取下げ」と書いてください。'],
        application: sampleApplicationData({notice: SEED_REFUSAL}),
        inReplyTo: '<reply-1@example.jp>',
        references: ['<2101910C.query.sample@nss-desk.localhost>', '<reply-1@example.jp>'],
      }
      const withoutForm: ReplyErrorMailData = {
        receiptNo: null, subject: 'お問い合わせ', receivedAt: '2021-02-02T04:30:00.000Z',
        problems: ['返信先のアドレスが確認依頼メールのものではありません。'], application: null,
      }
      return [withForm, withoutForm] as never
    }
  }
}

/** A sample row of a kind in a locale (the first, seed variant unless `variant` says otherwise). */
export function sampleMailSource(kind: MailKind, locale: Locale, variant = 0): MailSource {
  const data = sampleMailData(kind)[variant]
  return {kind, locale, receiptNo: (data.receiptNo as string | null) ?? null, data, createdAt: SAMPLE_CREATED_AT}
}
