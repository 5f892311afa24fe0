/** Settings of options with end dates (trials, rentals, grants): how often the server-side sweep runs. */
import { ConfigError, numberSetting } from './env'

/**
 * DATED_OPTIONS_SWEEP_MINUTES (default 10): the time between two runs of the sweep that ends options
 * whose date has passed and sends the reminders (src/jobs/dated-options-sweep.ts). Fractions are
 * allowed (0.5 = 30 s); more than a day would send the 1-day reminder too late to be of use.
 */
export function datedOptionsSweepMinutes(): number {
  const minutes = numberSetting('DATED_OPTIONS_SWEEP_MINUTES', 10)
  if (minutes <= 0 || minutes > 1440) {
    throw new ConfigError(`DATED_OPTIONS_SWEEP_MINUTES must be a number of minutes above 0 and at most 1440 (a day); got "${process.env.DATED_OPTIONS_SWEEP_MINUTES}".`)
  }
  return minutes
}
