/**
 * The `newsFanout` task: one page of subscribers per job (src/news/fanout.ts). A page that completes
 * queues the next page as a new job, so a fan-out of any size is a chain of short jobs: stopping the
 * worker loses at most the page in progress, and that page is safe to run again. Temporary mail
 * errors fail the job, which Payload retries with exponential backoff.
 */
import type { TaskConfig } from 'payload'

import { mailRetry } from '@/config/mail'
import { sendNewsFanoutPage, type FanoutPageInput, type FanoutPageResult } from '@/news/fanout'

type Output = Omit<FanoutPageResult, 'nextAfterId' | 'firstError'> & { nextAfterId: string }

export const newsFanoutTask: TaskConfig<{ input: FanoutPageInput; output: Output }> = {
  slug: 'newsFanout',
  label: 'Mail a news item to subscribers',
  retries: {
    attempts: mailRetry().attempts,
    backoff: { type: 'exponential', delay: mailRetry().delayMs },
  },
  inputSchema: [
    { name: 'newsId', type: 'text', required: true },
    { name: 'afterId', type: 'text' },
    { name: 'batchSize', type: 'number' },
  ],
  outputSchema: [
    { name: 'recipients', type: 'number' },
    { name: 'sent', type: 'number' },
    { name: 'skipped', type: 'number' },
    { name: 'rejected', type: 'number' },
    { name: 'failed', type: 'number' },
    { name: 'nextAfterId', type: 'text' },
  ],
  handler: async ({ input, req }) => {
    const page = await sendNewsFanoutPage(req.payload, input)
    if (page.failed) throw new Error(`${page.failed} of ${page.recipients} news e-mails could not be sent (${page.firstError}); retrying later`)
    if (page.nextAfterId) {
      await req.payload.jobs.queue({ task: 'newsFanout', input: { newsId: input.newsId, afterId: page.nextAfterId, batchSize: input.batchSize } })
    }
    const { firstError: _e, ...rest } = page
    return { output: { ...rest, nextAfterId: page.nextAfterId ?? '' } }
  },
}
