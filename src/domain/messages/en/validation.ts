/**
 * The English catalogue of the domain's validation and review messages: the same keys and parameters
 * as the Japanese one (typed by it).
 */
import {REGISTRATION_FIELD_LABELS, TIMING_LABELS} from '../../vocabulary'
import type {ExpectedType, FieldKey} from '../types'
import type {VALIDATION_JA} from '../ja/validation'

const TYPE_NAMES: Record<ExpectedType, string> = {string: 'a string', object: 'an object ({ … })', array: 'an array ([ … ])', boolean: 'true or false'}
const REGISTRATION_SYMBOLS = `. , - / & ' ( ) #`
const enList = (items: string[]): string => items.join(', ')

/** The labels of input fields in English. */
export const FIELD_LABELS_EN: Record<FieldKey, string> = {
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
}

export const VALIDATION_EN: typeof VALIDATION_JA = {
  'validation.summary': ({count}) => `The application has ${count} problem${count === 1 ? '' : 's'}.`,
  'validation.required': ({field}) => `${field} is required.`,
  'validation.tooLong': ({field, max}) => `${field} must be at most ${max} characters.`,
  'validation.type': ({field, expected}) => `${field} must be ${TYPE_NAMES[expected]}.`,
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
