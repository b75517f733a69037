import {BusinessCalendar} from '../domain/business-calendar'
import type {Store} from '../store/store'
import {Clock, systemClock} from './clock'
import type {Locale} from '../domain/vocabulary'
import {DeskConfig, loadConfig} from './config'
import {readSecretKey} from './secret-key'

/** What every use case receives: its dependencies, handed in (STYLE: services receive their dependencies). */
export interface DeskContext {
  config: DeskConfig
  store: Store
  clock: Clock
  calendar: BusinessCalendar
  /** The master secret (NSS_HOME/secret.key): sealing issued passwords, signing reply addresses. */
  secret: () => Buffer
  /**
   * The language of whoever reads this call's answer (NSS_LOCALE in the CLI; the desk server: the
   * request's Accept-Language), over the office's own, for what the caller reads — validation issues,
   * errors. Never for mails: they are in the office's language. Unset: the office's own.
   */
  readerLocale?: Locale
}

/** The language of what this call's reader gets about an office's data: the reader's, else the office's own. */
export function localeOfReader(ctx: DeskContext, office: {locale: Locale}): Locale {
  return ctx.readerLocale ?? office.locale
}

/** Opens the configured store and builds the context; `migrate` is for `nss init`. */
export async function openContext(options: {config?: DeskConfig; clock?: Clock; migrate?: boolean} = {}): Promise<DeskContext> {
  const config = options.config ?? loadConfig()
  // The store opens its connections on first use: TypeORM loads only for a command that goes through
  // it, and `nss status` reads the read models without it (SPEC §14).
  const {openStore} = await import('../store/store')
  const store = await openStore(config.store, {migrate: options.migrate})
  let secret: Buffer | undefined
  return {
    config,
    store,
    clock: options.clock ?? systemClock,
    calendar: new BusinessCalendar(config.extraClosedDays),
    secret: () => (secret ??= readSecretKey(config.home)),
  }
}
