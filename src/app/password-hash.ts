/**
 * Login passwords of offices and reviewers (SPEC §9), stored as scrypt hashes:
 * `scrypt$N$r$p$<salt base64>$<hash base64>`. The parameters travel with the hash, so they can be
 * raised later without invalidating stored hashes.
 */
import {randomBytes, scrypt, ScryptOptions, timingSafeEqual} from 'node:crypto'

const COST = 16384 // N
const BLOCK_SIZE = 8 // r
const PARALLELIZATION = 1 // p
const SALT_BYTES = 16
const KEY_BYTES = 32
// Bounds on parameters read back from the store, so a corrupted row cannot make a login take minutes.
const MAX_COST = 1 << 20
const MAX_BLOCK_SIZE = 32
const MAX_PARALLELIZATION = 16

const STORED_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/

/** node:crypto scrypt as a promise; the async form keeps the event loop (the daemon) responsive. */
function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Memory scrypt needs is 128·N·r bytes; allow twice that so Node's 32 MiB default never refuses. */
const optionsFor = (N: number, r: number, p: number): ScryptOptions => ({N, r, p, maxmem: 256 * N * r})

/** A new salted scrypt hash of `password`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const hash = await scryptAsync(password, salt, KEY_BYTES, optionsFor(COST, BLOCK_SIZE, PARALLELIZATION))
  return ['scrypt', COST, BLOCK_SIZE, PARALLELIZATION, salt.toString('base64'), hash.toString('base64')].join('$')
}

/** Whether `password` matches a stored hash; false for any format this file did not write. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED_PATTERN.exec(stored)
  if (!match) return false
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const isPowerOfTwo = N > 1 && (N & (N - 1)) === 0
  if (!isPowerOfTwo || N > MAX_COST || r < 1 || r > MAX_BLOCK_SIZE || p < 1 || p > MAX_PARALLELIZATION) return false
  const salt = Buffer.from(match[4], 'base64')
  const expected = Buffer.from(match[5], 'base64')
  if (salt.length === 0 || expected.length < 16) return false
  const actual = await scryptAsync(password, salt, expected.length, optionsFor(N, r, p))
  return timingSafeEqual(actual, expected)
}
