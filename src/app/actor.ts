/** Who is acting, once authenticated. */
export type Actor = {kind: 'office'; code: string} | {kind: 'reviewer'; id: string}

/** The audit and log name of an actor: `office:NACCS01`, `reviewer:r.sato`. */
export function actorName(actor: Actor): string {
  return actor.kind === 'office' ? `office:${actor.code}` : `reviewer:${actor.id}`
}
