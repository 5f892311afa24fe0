/**
 * The time the licensing rules run at: the real time, or — in tests that run the server in their own
 * process — a time the test sets, so end dates, reminders and rental periods can be checked without
 * waiting. Kept on globalThis so every copy of this module in the process shares it.
 */
const slot = Symbol.for('pumotix.clock')
const holder = globalThis as { [slot]?: () => Date } // the global object, with this module's one property

export const now = (): Date => holder[slot]?.() ?? new Date()

/** Tests only: run the product at the time `clock` returns (null: the real time again). */
export function setClock(clock: (() => Date) | null): void {
  if (clock) holder[slot] = clock
  else delete holder[slot]
}
