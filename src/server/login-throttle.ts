/**
 * The desk server's login throttle per client address (issue 12), beside the per-account lock every
 * login goes through (src/app/authenticate.ts): an address that has failed `limit` logins within the
 * window gets its logins refused unchecked — with the one answer a wrong password gets — until the
 * window has passed. Attempts in flight count as failures until they end, so a burst of concurrent
 * logins from one address cannot get more than `limit` checks past it. Kept in the server process: with
 * several servers, each keeps its own; the account lock is in the store and holds across all of them.
 */
/** More addresses than this with failures in memory: the lapsed ones are swept. */
const MAX_TRACKED = 10_000

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  private readonly inFlight = new Map<string, number>()

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Whether a login from `address` may be checked now; when it may, it is in flight until `end`. */
  begin(address: string): boolean {
    const recent = this.recentFailures(address)
    const flying = this.inFlight.get(address) ?? 0
    if (recent.length + flying >= this.limit) return false
    this.inFlight.set(address, flying + 1)
    return true
  }

  /** The end of an attempt `begin` let through: a failure is remembered for the window. */
  end(address: string, failed: boolean): void {
    const flying = (this.inFlight.get(address) ?? 1) - 1
    if (flying > 0) this.inFlight.set(address, flying)
    else this.inFlight.delete(address)
    if (failed) this.failures.set(address, [...this.recentFailures(address), this.now()])
    // Addresses seen once and never again must not pile up: now and then, the old ones go.
    if (this.failures.size > MAX_TRACKED) for (const known of [...this.failures.keys()]) this.recentFailures(known)
  }

  private recentFailures(address: string): number[] {
    const since = this.now() - this.windowMs
    const kept = (this.failures.get(address) ?? []).filter(at => at > since)
    if (kept.length === 0) this.failures.delete(address)
    else this.failures.set(address, kept)
    return kept
  }
}
