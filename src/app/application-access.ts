import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import {ApplicationEntity} from '../store/entities'
import {toApplication} from '../store/repositories'
import {Actor, checkAccess} from './actor'

// Kept here for the commands that import it from here; it lives in the domain so that `nss status`
// need not load this file's store imports (TypeORM).
export {parseReceiptArgument} from '../domain/receipt-number'

/** Loads an application the actor may see (`checkAccess`), inside the caller's transaction. */
export async function loadApplicationFor(manager: EntityManager, actor: Actor, receiptNo: string): Promise<Application> {
  const row = await manager.findOneBy(ApplicationEntity, {receiptNo})
  return checkAccess(actor, receiptNo, row ? toApplication(row) : null)
}
