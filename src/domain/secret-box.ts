/**
 * Sealing of short secrets (issued NACCS passwords, SPEC §7) with AES-256-GCM, and keyed tokens, all
 * from keys derived from the desk's master secret (the secret key file, SPEC §9). Each use derives its
 * own key with HKDF-SHA256 (RFC 5869) so a key never serves two purposes.
 */
import {createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual} from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12 // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16
const KEY_BYTES = 32
const MIN_MASTER_BYTES = 16
// Distinct HKDF salts keep a sealing key and a token key apart even when their purposes coincide.
const SEAL_SALT = 'nss-desk/secret-box/v1'
const TOKEN_SALT = 'nss-desk/hmac-token/v1'
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const MAX_TOKEN_LENGTH = 52 // ⌈256 / 5⌉ base32 characters of an HMAC-SHA256

/** A sealed value could not be opened. The message names no key, no plaintext and no ciphertext. */
export class SealedSecretError extends Error {
  constructor(reason: string) {
    super(`sealed secret cannot be opened: ${reason}`)
    this.name = 'SealedSecretError'
  }
}

/**
 * The keys derived so far, per master secret buffer (held weakly): the daemon signs two addresses in
 * every mail it sends and checks one in every reply, and HKDF for each was a tenth of composing a mail.
 * A key is derived from the buffer's content when first asked for; a master secret is never changed in
 * place (readSecretKey makes a new buffer from the file each time).
 */
const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>()

/** A 32-byte key for one purpose, derived from the master secret. */
function deriveKey(master: Buffer, salt: string, purpose: string): Buffer {
  if (master.length < MIN_MASTER_BYTES) throw new Error(`master secret must be at least ${MIN_MASTER_BYTES} bytes`)
  if (purpose === '') throw new Error('key purpose must not be empty')
  let keys = derivedKeys.get(master)
  if (!keys) derivedKeys.set(master, keys = new Map())
  const name = `${salt}\u0000${purpose}`
  let key = keys.get(name)
  if (!key) keys.set(name, key = Buffer.from(hkdfSync('sha256', master, salt, purpose, KEY_BYTES)))
  return key
}

/** Strict base64url decoding: Node's decoder skips stray characters, which would make seals malleable. */
function decodeBase64url(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : null
}

/** AES-256-GCM with a key for one purpose: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** A box whose key is HKDF-SHA256(master, info = purpose). */
  static fromMasterKey(master: Buffer, purpose: string): SecretBox {
    return new SecretBox(deriveKey(master, SEAL_SALT, purpose))
  }

  /**
   * Encrypts `plaintext` under a fresh random IV. `associatedData` (e.g. the receipt number and user
   * ID) is authenticated, not stored: a sealed value copied to another row will not open there.
   */
  seal(plaintext: string, associatedData?: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, {authTagLength: TAG_BYTES})
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    const tag = cipher.getAuthTag()
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.')
  }

  /** The plaintext of a sealed value; throws SealedSecretError on tampering, wrong key or wrong AAD. */
  open(sealed: string, associatedData?: string): string {
    const parts = sealed.split('.')
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SealedSecretError('unknown format')
    const [iv, tag, ciphertext] = parts.slice(1).map(decodeBase64url)
    if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SealedSecretError('malformed')
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, {authTagLength: TAG_BYTES})
      decipher.setAuthTag(tag)
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'))
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
    } catch {
      // Node's own message is generic too, but ours is guaranteed to carry nothing secret.
      throw new SealedSecretError('wrong key, wrong context or tampered')
    }
  }
}

/** RFC 4648 base32, lower case, unpadded: survives mail systems that fold the case of local parts. */
function toBase32(bytes: Buffer): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * A short keyed token for `message`: HMAC-SHA256 under a key derived for `purpose`, lower-case base32,
 * truncated to `length` characters (5 bits each; 16 gives 80 bits). Used for signed reply addresses.
 */
export function hmacToken(master: Buffer, purpose: string, message: string, length = 16): string {
  if (!Number.isInteger(length) || length < 1 || length > MAX_TOKEN_LENGTH) {
    throw new Error(`token length must be an integer 1–${MAX_TOKEN_LENGTH}, got ${length}`)
  }
  const mac = createHmac('sha256', deriveKey(master, TOKEN_SALT, purpose)).update(message, 'utf8').digest()
  return toBase32(mac).slice(0, length)
}

/**
 * String equality whose time does not depend on where the strings differ. Both sides are hashed first
 * so inputs of different lengths compare in constant time too (timingSafeEqual needs equal lengths).
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest()
  const digestB = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(digestA, digestB) && a === b
}
