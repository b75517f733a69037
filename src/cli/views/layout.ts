/**
 * What every screen renderer shares: sections with an indented body, and the seed's date formats
 * (`2021/02/02 11:15`, `2021/02/02`) from the ISO strings the views carry.
 */
import {formatSlashDate, formatTokyoMinute, tokyoDateOf} from '../../domain/japan-time'
import {Style} from '../style'
import {wrapToWidth} from '../text-width'

export interface RenderOptions {
  /** Line width to lay tables out for (the terminal's columns); none means no wrapping. */
  maxWidth?: number
}

const INDENT = '  '

/** The width left for a section's body once it is indented. */
export function bodyWidth(options: RenderOptions): number | undefined {
  return options.maxWidth === undefined ? undefined : options.maxWidth - INDENT.length
}

/** Indents every non-empty line. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : INDENT + line))
    .join('\n')
}

/** A heading and its body, the body indented; empty parts are dropped. */
export function section(title: string, parts: string[], style: Style): string {
  const body = parts.filter((part) => part !== '').join('\n\n')
  return body === '' ? style.heading(title) : `${style.heading(title)}\n${indent(body)}`
}

/** Screens separated by one blank line. */
export function joinBlocks(blocks: string[]): string {
  return blocks.filter((block) => block !== '').join('\n\n')
}

/** ISO 8601 instant → `2021/02/02 11:15` in Japan time, as the seed's 申込日時. */
export function formatScreenMinute(iso: string): string {
  return formatTokyoMinute(new Date(iso))
}

/** ISO 8601 instant or `YYYY-MM-DD` → `2021/02/02`, the day in Japan, as the seed's 作業日. */
export function formatScreenDate(isoOrDate: string | null): string {
  if (isoOrDate === null) return ''
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? isoOrDate : tokyoDateOf(new Date(isoOrDate))
  return formatSlashDate(date)
}

/** A sentence wrapped to the line width (a terminal would otherwise break it mid-character). */
export function paragraph(text: string, width: number | undefined): string {
  return wrapToWidth(text, width ?? Number.POSITIVE_INFINITY).join('\n')
}
