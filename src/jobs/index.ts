/**
 * Background jobs (Payload's jobs queue): transactional e-mail, the news fan-out, scheduled backups and
 * the sweep of options with end dates (src/jobs/dated-options-sweep.ts). Payload adds its
 * own `schedulePublish` task for scheduled publishing. The jobs are run by src/jobs/runner.ts, in the
 * server process or in a separate worker (npm run worker); see docs/news-and-mail.md.
 */
import type { JobsConfig } from 'payload'

import { backupTask } from './backup'
import { datedOptionsSweepTask } from './dated-options-sweep'
import { jobsCollection } from './jobs-collection'
import { newsFanoutTask } from './news-fanout'
import { sendEmailTask } from './send-email'

export const jobsConfig: JobsConfig = {
  tasks: [sendEmailTask, newsFanoutTask, backupTask, datedOptionsSweepTask],
  jobsCollectionOverrides: jobsCollection,
  // Only finished jobs are removed; failed ones stay for staff to see (and retry by re-queueing).
  deleteJobOnComplete: true,
}
