/**
 * How much heap V8 keeps for a long-running process: the daemon's (issue 6 part 5: peak RSS ≤ 200 MB
 * while it works off a backlog of 10,000 messages; docs/performance.md).
 *
 * V8 sizes its heap for throughput on a machine with memory to spare: after each full collection it
 * lets the old generation grow to up to four times what was live, and the young generation doubles up
 * to 2 × 16 MB. The daemon keeps about 40 MB live but allocates much per message (the raw message, its
 * base64, the parse, the rendered answer), so over 10,000 messages its heap ran to 160 MB and its RSS
 * past 300 MB, while nothing leaked. Here the old generation may grow 20 % past the live set, and the
 * young generation stays at its first size: RSS stays near 165 MB for the same work.
 *
 * Both settings are read by V8's collector at each collection, so they take effect when set at run
 * time; the heap's fixed limits (--max-old-space-size) could only be set on the command line. bin/run.js
 * sets them for `nss daemon` before it loads anything: a young generation that has already grown stays
 * grown (set once the command ran, the peak was 196 MB instead of 174 MB).
 */
import * as v8 from 'node:v8'

/** Tells V8 to keep the heap close to its live set, for the rest of the process. */
export function keepHeapLean(): void {
  v8.setFlagsFromString('--heap-growing-percent=20')
  v8.setFlagsFromString('--semi-space-growth-factor=1')
}
