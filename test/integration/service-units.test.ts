/**
 * The shipped service units and cron example (issue 15): systemd accepts the units (`systemd-analyze
 * verify`, where systemd is installed), they run the desk as the documented hardened service, and the
 * command lines in them are ones this build's nss takes.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {ROOT} from '../support/cli'

const UNITS = ['nss-daemon.service', 'nss-serve.service'].map(name => path.join(ROOT, 'deploy', 'systemd', name))
const hasSystemd = spawnSync('systemd-analyze', ['--version']).status === 0

function settingsOf(file: string): Map<string, string[]> {
  const settings = new Map<string, string[]>()
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line)
    if (match) settings.set(match[1], [...settings.get(match[1]) ?? [], match[2]])
  }
  return settings
}

function verify(files: string[]): {status: number | null; output: string} {
  const result = spawnSync('systemd-analyze', ['verify', ...files], {encoding: 'utf8'})
  return {status: result.status, output: result.stdout + result.stderr}
}

describe('service units and the cron example (issue 15)', () => {
  it('run nss as a dedicated user from /etc/nss-desk/nss.env, hardened, restarted on failure, stopped with SIGTERM', () => {
    for (const unit of UNITS) {
      const settings = settingsOf(unit)
      const one = (key: string) => {
        expect(settings.get(key), `${path.basename(unit)} ${key}`).to.have.length(1)
        return (settings.get(key) as string[])[0]
      }
      expect(one('User')).to.equal('nss')
      expect(one('EnvironmentFile')).to.equal('/etc/nss-desk/nss.env')
      expect(one('NoNewPrivileges')).to.equal('yes')
      expect(one('ProtectSystem')).to.equal('strict')
      // The home (NSS_HOME) is the one writable place.
      expect(one('ReadWritePaths')).to.equal('/var/lib/nss-desk')
      expect(one('Restart')).to.equal('on-failure')
      expect(one('KillSignal')).to.equal('SIGTERM')
      expect(one('Type')).to.equal('simple')
    }
  })

  it('name commands and flags this build of nss takes', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')).commands
    const lines = [
      ...UNITS.map(unit => (settingsOf(unit).get('ExecStart') as string[])[0]),
      ...fs.readFileSync(path.join(ROOT, 'deploy', 'cron.example'), 'utf8').split('\n').filter(line => /^[*0-9]/.test(line)),
    ]
    expect(lines).to.have.length(5)
    for (const line of lines) {
      const words = line.slice(line.indexOf('bin/run.js') + 'bin/run.js'.length).split(/[ >|]/).filter(Boolean)
      const id = manifest[`${words[0]}:${words[1]}`] ? `${words[0]}:${words[1]}` : words[0]
      expect(manifest[id], line).to.not.equal(undefined)
      for (const flag of words.filter(word => word.startsWith('--'))) {
        expect(Object.keys(manifest[id].flags), `${line}: ${flag}`).to.include(flag.slice(2))
      }
    }
  })

  if (hasSystemd) {
    it('pass systemd-analyze verify, which refuses a broken copy', () => {
      const passed = verify(UNITS)
      expect(passed.status, passed.output).to.equal(0)
      expect(passed.output).to.equal('')
      const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-units-')), 'nss-daemon.service')
      try {
        fs.writeFileSync(broken, fs.readFileSync(UNITS[0], 'utf8').replace('ExecStart=/usr/bin/node', 'ExecStart=/nonexistent/node'))
        const failed = verify([broken])
        expect(failed.status).to.not.equal(0)
        expect(failed.output).to.contain('/nonexistent/node')
      } finally {
        fs.rmSync(path.dirname(broken), {recursive: true, force: true})
      }
    })
  }
})
