/**
 * The width screens are laid out for: the terminal's columns; else `COLUMNS` when it is exported (POSIX
 * names it as the user's override of the terminal width, and it lets a pager or a test ask for a width);
 * else none — piped output is not wrapped. Node's modules only: both modes of the CLI load it first.
 */
export function terminalWidth(): {maxWidth?: number} {
  if (process.stdout.isTTY && process.stdout.columns) return {maxWidth: process.stdout.columns}
  const columns = process.env.COLUMNS?.trim()
  return columns && /^\d{1,4}$/.test(columns) && Number(columns) > 0 ? {maxWidth: Number(columns)} : {}
}
