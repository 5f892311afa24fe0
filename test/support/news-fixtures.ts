/** News and subscribers for the news and mail tests, and a way to run the jobs queue to the end. */
import type { Payload } from 'payload'

import { createUser } from './users'

export function lexical(...paragraphs: string[]) {
  return {
    root: {
      type: 'root',
      version: 1,
      direction: 'ltr',
      format: '',
      indent: 0,
      children: paragraphs.map((text) => ({
        type: 'paragraph',
        version: 1,
        direction: 'ltr',
        format: '',
        indent: 0,
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }],
      })),
    },
  }
}

let n = 0

/** Creates a news item as an editor would (English, then Russian), as draft or published. */
export async function createNews(payload: Payload, opts: { status?: 'draft' | 'published'; category?: string; title?: string; ruTitle?: string; author?: string | number } = {}) {
  n += 1
  const title = opts.title ?? `Test news ${n} ${Math.random().toString(36).slice(2, 7)}`
  const doc = await payload.create({
    collection: 'news',
    overrideAccess: true,
    locale: 'en',
    draft: opts.status !== 'published',
    data: {
      title,
      excerpt: `Excerpt of ${title}`,
      content: lexical(`Body of ${title}`),
      category: opts.category ?? 'news',
      author: opts.author,
      _status: opts.status ?? 'draft',
    } as never,
  })
  if (opts.ruTitle !== undefined || opts.status === 'published') {
    await payload.update({
      collection: 'news',
      id: doc.id,
      overrideAccess: true,
      locale: 'ru',
      draft: opts.status !== 'published',
      data: { title: opts.ruTitle ?? `Новость ${n}`, excerpt: `Кратко: ${opts.ruTitle ?? `новость ${n}`}`, content: lexical('Текст'), _status: opts.status ?? 'draft' } as never,
      context: { skipNewsFanout: false },
    })
  }
  return doc as unknown as { id: string | number; slug: string; title: string }
}

export async function createSubscribers(payload: Payload, count: number, overrides: Record<string, unknown> = {}) {
  const users = []
  for (let i = 0; i < count; i++) {
    users.push(await createUser(payload, 'customer', { newsSubscribed: true, language: i % 2 ? 'ru' : 'en', ...overrides }))
  }
  return users
}

/** Runs queued jobs until none is left that may run now (those waiting for a retry stay). */
export async function drainJobs(payload: Payload, maxRounds = 1000): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    const result = await payload.jobs.run({ limit: 50, silent: true })
    if (result?.noJobsRemaining) return
  }
  throw new Error('jobs did not drain')
}

export async function pendingJobs(payload: Payload, task?: string) {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    overrideAccess: true,
    limit: 1000,
    where: { and: [{ completedAt: { exists: false } }, ...(task ? [{ taskSlug: { equals: task } }] : [])] },
  })
  return docs as unknown as Array<{ id: string | number; taskSlug: string; input: Record<string, unknown>; hasError?: boolean; processing?: boolean; totalTried?: number; error?: unknown }>
}
