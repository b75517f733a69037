import {Locale, ProcessingMethod, RegistrationField, SystemClass} from './vocabulary'

/** 利用者ID: one identification number under a user code, with its processing method. */
export interface UserIdRecord {
  ident: string
  method: ProcessingMethod
}

/** The registration info of a user code (申込情報) that an application may change. */
export type RegistrationValues = Record<RegistrationField, string>

/** 利用者コード with its registration info and user IDs. */
export interface UserCodeRecord extends RegistrationValues {
  code: string
  systemClass: SystemClass
  industry: string
  userIds: UserIdRecord[]
}

/** 事業所 as master data (no password: that is set separately, SPEC §2). */
export interface OfficeRecord {
  code: string
  name: string
  adminName: string
  adminEmail: string
  locale: Locale
  userCodes: UserCodeRecord[]
}
