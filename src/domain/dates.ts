/** Calendar arithmetic in UTC, as every end date of the product is counted (shown in the reader's locale). */
export const DAY_MS = 86_400_000

/**
 * `from` plus whole calendar months, at the same time of day; a day the target month lacks becomes its
 * last day (31 January + 1 month = 28 or 29 February; 29 February + 12 months = 28 February).
 */
export function addMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear()
  const m = from.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const d = new Date(from)
  d.setUTCFullYear(y, m, Math.min(from.getUTCDate(), lastDay))
  return d
}

export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY_MS)

/** Whole days from `now` to `until`, rounded up (an end later today is "1 day left"); 0 when passed. */
export const daysLeft = (until: string | Date, now: Date): number => Math.max(0, Math.ceil((new Date(until).getTime() - now.getTime()) / DAY_MS))

/** The later of two ISO times (null counts as "none"). */
export const laterIso = (a: string | null | undefined, b: string | null | undefined): string | null => (!a ? (b ?? null) : !b ? a : a > b ? a : b)
