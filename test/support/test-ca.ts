/**
 * A private CA and a server certificate it signed, made with openssl, for a real `nss serve` over TLS:
 * the tests' server (server.ts) and the bench's (bench/desk-server.ts). No mocha here: the bench uses it.
 *
 * EC P-256 keys; the server certificate names 127.0.0.1 and localhost and is for server authentication
 * only, as a desk's certificate would be.
 */
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'

export interface TestCa {
  dir: string
  /** The CA's certificate: what a client trusts (NSS_CA_FILE). */
  caFile: string
  /** The server's certificate and key (NSS_TLS_CERT, NSS_TLS_KEY). */
  certFile: string
  keyFile: string
}

/** Makes the CA and the server certificate in `dir`; `env` is openssl's (the tests run it under libfaketime). */
export function createTestCa(dir: string, env: NodeJS.ProcessEnv = process.env): TestCa {
  const openssl = (args: string[]) => {
    const result = spawnSync('openssl', args, {cwd: dir, env, encoding: 'utf8'})
    if (result.error) throw new Error(`openssl cannot run: ${result.error.message}`)
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`)
  }
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n')
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'])
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '29000', '-subj', '/CN=nss-desk test CA', '-out', 'ca.pem'])
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'])
  openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr'])
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '28000',
    '-sha256', '-extfile', 'server.ext', '-out', 'server.pem'])
  return {dir, caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key')}
}
