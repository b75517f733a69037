/**
 * Issue 7: on PostgreSQL the daemons share the store, and the one lease left is `housekeeping`, for the
 * cycle's steps 3 and 4 (docs/postgresql.md): the daemon holding it purges expired passwords and
 * applies due registration changes; another daemon's cycle does everything else and leaves those two
 * alone, until the holder's lease expires.
 */
import {expect} from 'chai'
import {openContext} from '../../src/app/context'
import {DAEMON_LEASE_TTL_MS, HOUSEKEEPING_LEASE, MailSourceKeeper, runCycle} from '../../src/app/daemon.use-case'
import {readLease} from '../../src/app/lease'
import {createJsonLogger} from '../../src/app/log'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {seededDesk} from '../support/cli'
import {inboxOf} from '../support/replies'
import {describeOn, testConfig} from '../support/store'

describeOn('postgres', 'the housekeeping lease of daemons sharing a PostgreSQL store (issue 7)', () => {
  it('lets one daemon at a time purge passwords and apply registration changes, the others doing the rest of the cycle', async () => {
    const desk = seededDesk()
    let now = new Date()
    const ctx = await openContext({config: testConfig({NSS_HOME: desk.home}), clock: {now: () => now}})
    const log = createJsonLogger({write: () => undefined})
    const cycleOf = (holder: string) => runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log, holder})
    try {
      const first = await cycleOf('daemon-a')
      expect(first).to.deep.include({purgedPasswords: 0, appliedChanges: 0, retention: {messages: 0, mails: 0, attachments: 0}, failures: []})
      // The reminders and the digest are housekeeping too (issue 14): one daemon sends them.
      expect(first.reminders).to.be.an('object')
      expect(await readLease(ctx, HOUSEKEEPING_LEASE)).to.include({holder: 'daemon-a'})

      // Another daemon meanwhile: its cycle reads mail and delivers, and leaves steps 3 and 4 to a.
      const other = await cycleOf('daemon-b')
      expect(other).to.deep.include({purgedPasswords: null, appliedChanges: null, retention: null, failures: []})
      expect(other.inbound).to.deep.equal([])
      expect(other.reminders ?? null).to.equal(null)
      // a's next cycle renews its lease and does them again.
      expect(await cycleOf('daemon-a')).to.deep.include({purgedPasswords: 0, appliedChanges: 0})

      // a dies: once its lease has run out, b takes the housekeeping over.
      now = new Date(now.getTime() + DAEMON_LEASE_TTL_MS + 1000)
      expect(await cycleOf('daemon-b')).to.deep.include({purgedPasswords: 0, appliedChanges: 0, failures: []})
      expect(await readLease(ctx, HOUSEKEEPING_LEASE)).to.include({holder: 'daemon-b'})
      expect(await cycleOf('daemon-a')).to.deep.include({purgedPasswords: null, appliedChanges: null, retention: null})
    } finally {
      await ctx.store.close()
    }
  })
})
