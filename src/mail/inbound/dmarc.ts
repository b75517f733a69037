/**
 * The optional DMARC gate (NSS_REQUIRE_DMARC): a reply must also pass DMARC (RFC 7489) for its From
 * domain, checked with mailauth. The DNS resolver is injectable so tests answer from their own records.
 * The connecting IP is taken from the topmost Received header our MTA wrote (trustReceived).
 */

/** mailauth's resolver shape: `(name, rrtype) => records`, like dns.promises.resolve. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>

let resolverOverride: DnsResolver | undefined

/** Replaces the DNS resolver (tests); undefined restores the system resolver. */
export function setDmarcResolver(resolver: DnsResolver | undefined): void {
  resolverOverride = resolver
}

/**
 * What mailauth made of a message: whether it passes DMARC, and the From addresses it judged (the
 * desk acts only when that is exactly the From it reads itself, issue 11 point 1).
 */
export interface DmarcVerdict {
  pass: boolean
  detail: string
  /** The From addresses mailauth evaluated, lower-case; DMARC is judged only for exactly one. */
  fromAddresses: string[]
}

/** Whether the raw message passes DMARC. Any failure to decide is a fail: the gate fails closed. */
export async function passesDmarc(raw: Buffer): Promise<DmarcVerdict> {
  try {
    const {authenticate} = await import('mailauth')
    const result = await authenticate(raw, {
      trustReceived: true,
      disableBimi: true,
      ...(resolverOverride ? {resolver: resolverOverride} : {}),
    } as Parameters<typeof authenticate>[1])
    const dmarc = result.dmarc as {status?: {result?: string}; info?: string} | false
    const verdict = dmarc && dmarc.status?.result
    const headerFrom = (result.dkim as {headerFrom?: unknown} | undefined)?.headerFrom
    const fromAddresses = Array.isArray(headerFrom) ? headerFrom.map(a => String(a).trim().toLowerCase()) : []
    return {pass: verdict === 'pass', detail: (dmarc && dmarc.info) || 'no DMARC result', fromAddresses}
  } catch (error) {
    return {pass: false, detail: `DMARC check failed: ${(error as Error).message}`, fromAddresses: []}
  }
}

/**
 * Why mailauth's verdict is not about the From the desk acts on (`deskFrom`, lower-case), or null: it
 * must have judged exactly one From, that very address (and so its domain).
 */
export function verdictMismatch(verdict: DmarcVerdict, deskFrom: string): string | null {
  if (verdict.fromAddresses.length !== 1) return `DMARC judged ${verdict.fromAddresses.length} From addresses, not one`
  const [judged] = verdict.fromAddresses
  const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1)
  if (domainOf(judged) !== domainOf(deskFrom)) return `DMARC judged the From domain ${domainOf(judged)}, not ${domainOf(deskFrom)}`
  if (judged !== deskFrom) return `DMARC judged the From ${judged}, not ${deskFrom}`
  return null
}
