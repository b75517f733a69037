/**
 * The desk server's login throttle per client address (issue 12), beside the per-account lock every
 * login goes through (src/app/authenticate.ts): an address that has failed `limit` logins within the
 * window gets its logins refused unchecked — with the one answer a wrong password gets — until the
 * window has passed. Attempts in flight count as failures until they end, so a burst of concurrent
 * logins from one address cannot get more than `limit` checks past it. Kept in the server process: with
 * several servers, each keeps its own; the account lock is in the store and holds across all of them.
 * Addresses whose failures have all passed the window are forgotten (swept at most once a window), so
 * addresses that fail once and never come back do not pile up in memory.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  private readonly inFlight = new Map<string, number>()
  private lastSweep: number

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {
    this.lastSweep = now()
  }

  /** How many addresses the throttle remembers (failures in the window, or attempts in flight). */
  get addressCount(): number {
    return new Set([...this.failures.keys(), ...this.inFlight.keys()]).size
  }

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
    this.sweep()
  }

  private sweep(): void {
    if (this.now() - this.lastSweep < this.windowMs) return
    this.lastSweep = this.now()
    for (const address of [...this.failures.keys()]) this.recentFailures(address)
  }

  private recentFailures(address: string): number[] {
    const since = this.now() - this.windowMs
    const kept = (this.failures.get(address) ?? []).filter(at => at > since)
    if (kept.length === 0) this.failures.delete(address)
    else this.failures.set(address, kept)
    return kept
  }
}
