/** The shapes and constants of the dated-options sweep's storage, shared by both databases' pieces. */
import type { EmailMessage } from '@/mail/queue-email'

export type Id = string | number
export type ReminderMarker = 'reminded7' | 'reminded1' | 'remindedEnded'
export const REMINDER_MARKERS: readonly ReminderMarker[] = ['reminded7', 'reminded1', 'remindedEnded']
/** The sources that get reminders (purchases have no end). */
export const REMINDED_SOURCES = ['trial', 'rental', 'grant'] as const
/** The states of a row that is still on or can be switched on. */
export const USABLE_STATES = ['available', 'active'] as const

export type RowState = 'awaiting_payment' | 'available' | 'active' | 'ended'
export type RowSource = 'purchase' | 'rental' | 'trial' | 'grant'

/** One entitlement row with an end, as stored (dates as the database holds them, ISO-8601 UTC). */
export interface DatedRow {
  /** The array row's id (Payload gives the rows new ids when it rewrites the array). */
  id: string
  option: Id
  state: RowState
  source: RowSource
  until: string
  grantedAt: string | null
  reminded7: string | null
  reminded1: string | null
  remindedEnded: string | null
}

export interface DatedController {
  id: Id
  serial: string
  owner: Id | null
  /** Its rows that have an end. */
  rows: DatedRow[]
}

/** The times a sweep at `now` looks at (ISO-8601 UTC). */
export interface SweepWindow {
  now: string
  /** Rows to end are looked for among ends in (endFrom, now]; null: among every end up to now (the full pass). */
  endFrom: string | null
  /** "Ended" mails are for ends in (endedMailFrom, now]. */
  endedMailFrom: string
  /** 1-day reminders are for ends in (now, dayAhead], 7-day ones for ends in (dayAhead, weekAhead]. */
  dayAhead: string
  weekAhead: string
}

export interface DatedOptionsStore {
  /**
   * Controllers, in id order after `afterId`, with a row to end (usable, its end in the look-back window) or a
   * row that may have a reminder due (a trial, rental or grant whose end is in a reminder's window and,
   * where the database can compare them, whose marker is not set for that end). A superset: the domain
   * decides; at most `limit`.
   */
  candidates(window: SweepWindow, afterId: Id | null, limit: number): Promise<Id[]>
  read(controllerId: Id): Promise<DatedController | null>
  /** Ends these rows (each only while it is still usable with the end read); returns the rows it ended. */
  end(controllerId: Id, rows: DatedRow[], now: string): Promise<DatedRow[]>
  /**
   * Sets `marker` to the row's end and queues the mail, atomically where the database allows: only when
   * the row still has that end, is in one of `states` and the marker is not set for that end yet.
   * Returns whether this call did it (false: done before, or the row changed meanwhile).
   */
  remind(controllerId: Id, row: DatedRow, marker: ReminderMarker, states: readonly RowState[], mail: EmailMessage, now: string): Promise<boolean>
}
