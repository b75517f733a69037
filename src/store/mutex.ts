/**
 * A FIFO lock for async work. better-sqlite3 shares one connection inside a process, so two
 * concurrent transactions in one process would interleave on it (SPEC §13): they take turns here.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve()

  /** Runs `work` when every earlier caller has finished. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail
    let release!: () => void
    this.tail = new Promise(resolve => { release = resolve })
    await previous
    try {
      return await work()
    } finally {
      release()
    }
  }
}
