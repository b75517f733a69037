import {expect} from 'chai'
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {ensureSecretKey, readSecretKey, SECRET_KEY_FILE} from '../../../src/app/secret-key'
import {InfrastructureError} from '../../../src/domain/errors'

const compiledModule = path.resolve(__dirname, '../../../src/app/secret-key.js')
// POSIX modes mean nothing on Windows, where ACLs decide.
const itOnPosix = process.platform === 'win32' ? it.skip : it

/** The error `call` throws (fails the test when it throws none). */
function errorOf(call: () => unknown): Error {
  try {
    call()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

/** Runs ensureSecretKey(home) in a separate process and returns what it reported. */
function ensureInChild(home: string): Promise<{key: string; created: boolean}> {
  const script = `
    const {ensureSecretKey} = require(${JSON.stringify(compiledModule)})
    const {key, created} = ensureSecretKey(${JSON.stringify(home)})
    process.stdout.write(JSON.stringify({key: key.toString('hex'), created}))
  `
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script])
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))))
  })
}

describe('secret-key', () => {
  let root: string
  let home: string

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-secret-key-'))
    home = path.join(root, 'var', 'nested') // does not exist yet
  })

  afterEach(() => {
    fs.rmSync(root, {recursive: true, force: true})
  })

  it('creates the home directory and a 32-byte key file of 64 hex digits and a newline', () => {
    const {key, created} = ensureSecretKey(home)
    expect(created).to.equal(true)
    expect(key).to.have.length(32)
    expect(fs.readFileSync(path.join(home, SECRET_KEY_FILE), 'utf8')).to.equal(`${key.toString('hex')}\n`)
    expect(fs.readdirSync(home)).to.deep.equal([SECRET_KEY_FILE]) // no temporary file left behind
  })

  itOnPosix('creates the key file with mode 0600', () => {
    ensureSecretKey(home)
    expect(fs.statSync(path.join(home, SECRET_KEY_FILE)).mode & 0o777).to.equal(0o600)
  })

  it('returns the same key with created=false the second time, and readSecretKey agrees', () => {
    const first = ensureSecretKey(home)
    const second = ensureSecretKey(home)
    expect(second.created).to.equal(false)
    expect(second.key.equals(first.key)).to.equal(true)
    expect(readSecretKey(home).equals(first.key)).to.equal(true)
  })

  it('lets exactly one of several concurrent inits create the key; all get the same key', async function () {
    this.timeout(30_000)
    const results = await Promise.all(Array.from({length: 6}, () => ensureInChild(home)))
    expect(results.filter((r) => r.created)).to.have.length(1)
    expect(new Set(results.map((r) => r.key)).size).to.equal(1)
    expect(readSecretKey(home).toString('hex')).to.equal(results[0].key)
  })

  it('refuses a missing key file with an InfrastructureError that says to run nss init', () => {
    fs.mkdirSync(home, {recursive: true})
    const error = errorOf(() => readSecretKey(home))
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.message).to.equal('secret key file missing: run `nss init`')
  })

  itOnPosix('refuses a key file with mode 0644 and suggests chmod 600', () => {
    const {key} = ensureSecretKey(home)
    const file = path.join(home, SECRET_KEY_FILE)
    fs.chmodSync(file, 0o644)
    const error = errorOf(() => readSecretKey(home))
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.message).to.contain('0644').and.to.contain('chmod 600')
    expect(error.message).not.to.contain(key.toString('hex'))
    expect(() => ensureSecretKey(home)).to.throw(InfrastructureError)
  })

  it('refuses a malformed key file without quoting its content', () => {
    fs.mkdirSync(home, {recursive: true})
    const content = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678' // 63 digits
    fs.writeFileSync(path.join(home, SECRET_KEY_FILE), content, {mode: 0o600})
    const error = errorOf(() => readSecretKey(home))
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.message).to.contain('malformed')
    expect(error.message).not.to.contain(content)
  })
})
