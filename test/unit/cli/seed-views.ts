// Views shaped like the seed's screens (2101910C, queried on 2021/02/02), shared by the CLI view tests.
import {ApplicationView, EntryView, OfficeView, StatusListView} from '../../../src/app/views'

const TRADE_COMPANY = {
  companyNameEn: 'NACCS TRADE COMPANY',
  officeNameEn: 'TOKYO OFFICE',
  addressEn: 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F',
  managerNameEn: 'J.YAMADA',
}

const entries: EntryView[] = [
  {
    userCode: '1ANAC',
    ...TRADE_COMPANY,
    systemClass: 'shared',
    industry: '通関輸出入',
    passwordReset: {ids: ['A0A', 'A01'], reason: '担当者の異動のため', userIds: ['1ANACA0A', '1ANACA01']},
    registration: null,
  },
  {
    userCode: '1BNAC',
    ...TRADE_COMPANY,
    systemClass: 'shared',
    industry: '通関',
    passwordReset: null,
    registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'},
  },
]

export function seedApplicationView(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    receiptNo: '2101910C',
    attachments: [],
    office: 'NACCS01',
    officeName: 'NACCSトレード株式会社 東京事業所',
    status: 'query',
    statusLabel: '内容確認',
    submittedAt: '2021-02-02T11:15:00+09:00',
    timing: 'date',
    desiredDate: '2021-02-12',
    registrationDate: null,
    remarks: '',
    contact: {
      name: '利用 契約課',
      kana: 'リヨウ ケイヤクカ',
      department: '利用契約課',
      phone: '0367326153',
      fax: '0367326156',
      email: 'data@naccs.jp',
    },
    entries,
    log: [
      {item: 'システム設定申込', at: '2021-02-02T11:15:00+09:00', notice: ''},
      {item: 'システム設定申込 回答(内容確認)', at: '2021-02-02T15:40:00+09:00', notice: 'こちらのパスワード初期化は承る事が出来ません。\n1ANACA0A で利用者情報登録(URY)業務を行ってください。'},
    ],
    supersedes: null,
    supersededBy: null,
    owner: null,
    mail: [
      {kind: 'receipt', to: ['data@naccs.jp', 'admin@example.jp'], status: 'sent'},
      {kind: 'query', to: ['data@naccs.jp'], status: 'pending'},
    ],
    passwordsVisibleUntil: null,
    locale: 'ja',
    ...overrides,
  }
}

const QUERY_NEWS = 'システム設定申込内容に確認事項があります。通知内容をご確認の上、申込内容の修正、または取り下げを行ってください。'
const COMPLETED_NEWS = 'システム設定申込内容の審査が完了しました。通知内容をご確認ください。'

export function seedStatusListView(overrides: Partial<StatusListView> = {}): StatusListView {
  return {
    news: [
      {date: '2021-02-02', kind: 'system_settings', receiptNo: '2101910C', message: QUERY_NEWS},
      {date: '2021-02-01', kind: 'system_settings', receiptNo: '2101863C', message: COMPLETED_NEWS},
    ],
    applications: [
      {receiptNo: '2101910C', status: 'query', statusLabel: '内容確認', submittedAt: '2021-02-02T11:15:00+09:00', office: 'NACCS01'},
      {receiptNo: '2101863C', status: 'completed', statusLabel: '審査終了', submittedAt: '2021-01-28T09:03:00+09:00', office: 'NACCS01'},
    ],
    total: 2,
    isReviewQueue: false,
    locale: 'ja',
    ...overrides,
  }
}

export function seedOfficeView(): OfficeView {
  return {
    code: 'NACCS01',
    name: 'NACCSトレード株式会社 東京事業所',
    adminName: '山田 次郎',
    adminEmail: 'admin@example.jp',
    locale: 'ja',
    hasPassword: true,
    userCodes: [
      {
        code: '1ANAC',
        ...TRADE_COMPANY,
        systemClass: 'shared',
        industry: '通関輸出入',
        userIds: [
          {ident: 'A0A', userId: '1ANACA0A', method: 'net'},
          {ident: 'A03', userId: '1ANACA03', method: 'interactive_pop3'},
        ],
        scheduled: [],
      },
      {
        code: '1BNAC',
        ...TRADE_COMPANY,
        systemClass: 'shared',
        industry: '通関',
        userIds: [{ident: 'B01', userId: '1BNACB01', method: 'interactive'}],
        scheduled: [{receiptNo: '2101932C', effectiveDate: '2021-02-12', changes: {officeNameEn: 'TOKYO OFFICE 2'}}],
      },
    ],
  }
}
