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

/** Whether the raw message passes DMARC. Any failure to decide is a fail: the gate fails closed. */
export async function passesDmarc(raw: Buffer): Promise<{pass: boolean; detail: string}> {
  try {
    const {authenticate} = await import('mailauth')
    const result = await authenticate(raw, {
      trustReceived: true,
      disableBimi: true,
      ...(resolverOverride ? {resolver: resolverOverride} : {}),
    } as Parameters<typeof authenticate>[1])
    const dmarc = result.dmarc as {status?: {result?: string}; info?: string} | false
    const verdict = dmarc && dmarc.status?.result
    return {pass: verdict === 'pass', detail: (dmarc && dmarc.info) || 'no DMARC result'}
  } catch (error) {
    return {pass: false, detail: `DMARC check failed: ${(error as Error).message}`}
  }
}
