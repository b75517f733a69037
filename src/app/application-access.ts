import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import {InvalidInputError, NotFoundError, PermissionError} from '../domain/errors'
import {normalizeReceiptNo} from '../domain/receipt-number'
import {ApplicationEntity} from '../store/entities'
import {toApplication} from '../store/repositories'
import type {Actor} from './actor'

/** Checks a receipt number given by a person (full-width digits allowed). */
export function parseReceiptArgument(text: string): string {
  const receiptNo = normalizeReceiptNo(text)
  if (!receiptNo) {
    throw new InvalidInputError(`not a receipt number: ${text}`, [{path: 'receiptNo', message: 'expected 8 characters like 2101910C'}])
  }
  return receiptNo
}

/**
 * Loads an application the actor may see. A reviewer sees every application; an office only its own.
 * Another office's application answers exit 4 (SPEC §9), the same as a wrong password, and changes nothing.
 */
export async function loadApplicationFor(manager: EntityManager, actor: Actor, receiptNo: string): Promise<Application> {
  const row = await manager.findOneBy(ApplicationEntity, {receiptNo})
  if (!row) throw new NotFoundError(`no application ${receiptNo}`)
  if (actor.kind === 'office' && row.officeCode !== actor.code) {
    throw new PermissionError(`application ${receiptNo} is not an application of office ${actor.code}`)
  }
  return toApplication(row)
}
