/** The types the catalogues of every locale share (src/domain/messages). */

/** The JSON types a validation message may name (`…は文字列で指定してください。`). */
export type ExpectedType = 'string' | 'object' | 'array' | 'boolean'

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
