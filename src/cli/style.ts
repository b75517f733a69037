/**
 * Colour for human output (SPEC §9: colour only on a terminal). The renderers call these functions
 * unconditionally; a disabled style returns the text unchanged, so piped output and `--json` carry no
 * escape codes. Widths are measured without ANSI (text-width.ts), so colour never shifts a column.
 */
import chalk, {Chalk, type ChalkInstance} from 'chalk'

import {ApplicationStatus} from '../domain/vocabulary'

export interface Style {
  readonly isEnabled: boolean
  /** Screen titles and section headings (申込概要, 進行状況, ...). */
  heading(text: string): string
  /** Field labels and table headers. */
  label(text: string): string
  /** A status label, coloured by what it asks of the reader. */
  status(status: ApplicationStatus, text: string): string
  receiptNo(text: string): string
  /** Secondary text: empty states, hints. */
  muted(text: string): string
  warning(text: string): string
  success(text: string): string
}

const plain = (text: string) => text

/**
 * The style for one run. `enabled` is the caller's decision (see shouldUseColour); `painter` lets tests
 * force a colour level. When enabled, at least 16 colours are used even where chalk's own detection
 * says none, because the caller has already decided this is a terminal.
 */
export function createStyle(enabled: boolean, painter?: ChalkInstance): Style {
  if (!enabled) {
    return {isEnabled: false, heading: plain, label: plain, status: (_, text) => text, receiptNo: plain, muted: plain, warning: plain, success: plain}
  }
  const paint = painter ?? new Chalk({level: chalk.level > 0 ? chalk.level : 1})
  // query asks the office to act (the seed's red frame); completed is done; the rest are settled or waiting.
  const statusColours: Record<ApplicationStatus, (text: string) => string> = {
    received: paint.cyan,
    query: paint.yellow,
    completed: paint.green,
    withdrawn: paint.gray,
    superseded: paint.gray,
  }
  return {
    isEnabled: true,
    heading: (text) => paint.bold(text),
    label: (text) => paint.cyan(text),
    status: (status, text) => statusColours[status](text),
    receiptNo: (text) => paint.bold(text),
    muted: (text) => paint.gray(text),
    warning: (text) => paint.yellow(text),
    success: (text) => paint.green(text),
  }
}

/** Colour on a terminal only, never with `--json`, and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColour(options: {isTTY: boolean | undefined; env: NodeJS.ProcessEnv; isJson: boolean}): boolean {
  const noColour = options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== ''
  return Boolean(options.isTTY) && !noColour && !options.isJson
}
