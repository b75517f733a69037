import {LocalDate} from './japan-time'
import {ApplicationStatus, RegistrationField, Timing} from './vocabulary'

/** 申込担当者: the person the desk writes to about an application. */
export interface Contact {
  name: string
  kana: string
  department: string
  title?: string
  phone: string
  fax?: string
  email: string
}

/** パスワード初期化: the user IDs (identification numbers) to reset, and why. */
export interface PasswordResetRequest {
  ids: string[]
  reason: string
}

/** 申込情報の修正: new values for some registration fields of a user code. */
export type RegistrationChange = Partial<Record<RegistrationField, string>>

/** One user code's part of an application. */
export interface ApplicationEntry {
  userCode: string
  passwordReset?: PasswordResetRequest
  registration?: RegistrationChange
}

/** What an office submits (SPEC §3), after validation and normalisation. */
export interface ApplicationContent {
  contact: Contact
  timing: Timing
  /** Only when timing is `date`. */
  desiredDate: LocalDate | null
  remarks: string
  entries: ApplicationEntry[]
}

/** A stored application. */
export interface Application extends ApplicationContent {
  receiptNo: string
  officeCode: string
  status: ApplicationStatus
  /** Row version for optimistic locking (SPEC §4). */
  version: number
  submittedAt: Date
  registrationDate: LocalDate | null
  completedAt: Date | null
  supersedes: string | null
  supersededBy: string | null
  /** The reviewer ID of the reviewer who took it (issue 14), or null. */
  owner: string | null
}
