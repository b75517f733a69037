/**
 * Structured log lines of the daemon (SPEC §12: "Logs are structured JSON lines on stderr"): one JSON
 * object per line, `{"ts", "level", "msg", ...fields}`, so journald, Docker or a log shipper can read
 * them as they are. A password never reaches a line (SPEC §7, §14): fields named like a secret are
 * masked, and the password of any URL (NSS_IMAP_URL, NSS_SMTP_URL) is replaced by `***` wherever it
 * appears in a value or a message.
 */

/** How much a line matters. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Extra fields of a line: anything JSON can hold. */
export type LogFields = Record<string, unknown>

/** What the daemon logs through; tests collect the lines instead of writing them. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const LEVELS: Record<LogLevel, number> = {debug: 10, info: 20, warn: 30, error: 40}
// Field names whose values are never written, whatever they hold (`password`, `smtpPassword`, `token`;
// not `purgedPasswords`, a count).
const SECRET_FIELD = /(?:password|passwd|^pass|secret|token|credentials?|authorization)$/i
// scheme://user:password@ — the password part of a URL (RFC 3986 §3.2.1 userinfo).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s/?#@]*)@/gi

/** A text with the password of every URL in it replaced by `***`. */
export function scrubSecrets(text: string): string {
  return text.replace(URL_PASSWORD, (_whole, userinfo: string) => `${userinfo}:***@`)
}

/** A JSON-ready copy of `value` with secrets masked (fields named like a secret, URL passwords). */
function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value)
  if (value instanceof Error) return scrubSecrets(value.message)
  if (value === null || typeof value !== 'object') return value
  if (depth > 6) return '[nested]'
  if (Array.isArray(value)) return value.map(item => scrubValue(item, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, item]) =>
    [key, SECRET_FIELD.test(key) && item !== null && item !== undefined ? '***' : scrubValue(item, depth + 1)]))
}

/** The JSON line of one event (without the newline). Pure, for tests. */
export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}, now: Date = new Date()): string {
  // ts, level and msg come first and cannot be overwritten by a field of the same name.
  const {ts: _ts, level: _level, msg: _msg, ...rest} = scrubValue(fields) as LogFields
  return JSON.stringify({ts: now.toISOString(), level, msg: scrubSecrets(msg), ...rest})
}

/**
 * A logger writing JSON lines to `write` (stderr by default), from `minLevel` up (NSS_LOG_LEVEL,
 * default info). Writing never throws: a closed stderr must not stop the daemon.
 */
export function createJsonLogger(
  options: {write?: (line: string) => void; minLevel?: LogLevel; now?: () => Date} = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line))
  const envLevel = process.env.NSS_LOG_LEVEL as LogLevel | undefined
  const minLevel = options.minLevel ?? (envLevel && envLevel in LEVELS ? envLevel : 'info')
  const now = options.now ?? (() => new Date())
  const log = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LEVELS[level] < LEVELS[minLevel]) return
    try {
      write(`${formatLogLine(level, msg, fields, now())}\n`)
    } catch {
      // Nowhere left to say it.
    }
  }
  return {debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error')}
}

/** A logger that drops everything (library callers that do not log). */
export const silentLogger: Logger = {debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined}
