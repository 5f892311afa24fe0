/**
 * Mailing a published news item to its subscribers, one page of recipients at a time, exactly once
 * per (news item, user). Each recipient is claimed in news-deliveries (unique key) BEFORE the message
 * goes to the mail server and marked sent after it was accepted, so a worker stopped or killed at any
 * point and started again continues with the recipients not yet claimed, never mailing anyone twice.
 * (A process killed in the instant between the server's acceptance and the "sent" mark leaves that
 * record at "sending": it is not retried, which is the at-most-once side of that unavoidable window.)
 */
import type { NewsDelivery, User } from '@payload-types'
import type { Payload, Where } from 'payload'

import { serverURL, numberSetting } from '@/config/env'
import type { Id } from '@/domain/documents'
import { parseId } from '@/domain/ids'
import { deliveryKey } from './delivery'
import { describeMailError, isPermanentRejection } from '@/mail/mail-errors'
import { unsubscribeHeaders, unsubscribePageUrl } from '@/mail/unsubscribe-token'
import { renderTemplate } from '@templates'
import { langOf, type Lang } from '@/i18n/languages'

export interface FanoutPageInput {
  newsId: string
  /** Recipients with a larger id than this are on this page (keyset paging: stable while users sign up). */
  afterId?: string | null
  batchSize?: number
}

export interface FanoutPageResult {
  recipients: number
  sent: number
  skipped: number
  rejected: number
  failed: number
  /** Where the next page starts, or null when this was the last page. */
  nextAfterId: string | null
  firstError?: string
}

type Localized = string | Record<string, string | null | undefined> | null | undefined
interface NewsForMail {
  id: string | number
  _status?: string
  slug: string
  title: Localized
  excerpt?: Localized
  category?: string
  cover?: { url?: string | null; sizes?: { card?: { url?: string | null } } } | string | number | null
}
type Recipient = Pick<User, 'id' | 'email' | 'name' | 'language'>

export const fanoutBatchSize = () => Math.max(1, Math.min(1000, numberSetting('NEWS_FANOUT_BATCH', 200)))
const concurrency = () => Math.max(1, Math.min(32, numberSetting('NEWS_FANOUT_CONCURRENCY', 10)))


const pick = (value: Localized, lang: Lang): string => {
  if (value == null) return ''
  if (typeof value === 'string') return value
  return value[lang] || value.en || Object.values(value).find(Boolean) || ''
}

const absolute = (url: string | null | undefined) => (!url ? undefined : url.startsWith('/') ? serverURL() + url : url)

async function loadPublishedNews(payload: Payload, newsId: string): Promise<NewsForMail | null> {
  const id = parseId(payload, newsId)
  if (id === null) return null
  // With locale 'all' every localized field comes back as { en, ru }, which the generated types do not express.
  const doc = (await payload.findByID({
    collection: 'news',
    id,
    locale: 'all',
    draft: false,
    depth: 1,
    overrideAccess: true,
    disableErrors: true,
  })) as NewsForMail | null
  return doc && doc._status === 'published' ? doc : null
}

function mailFor(news: NewsForMail, user: Recipient) {
  const lang = langOf(user.language)
  const cover = typeof news.cover === 'object' && news.cover ? news.cover : undefined
  const mail = renderTemplate(
    'news-published',
    {
      name: user.name || user.email,
      title: pick(news.title, lang),
      excerpt: pick(news.excerpt, lang),
      slug: news.slug,
      category: news.category,
      imageUrl: absolute(cover?.sizes?.card?.url ?? cover?.url),
      unsubscribeUrl: unsubscribePageUrl(user.id),
    },
    lang,
  )
  return { lang, mail }
}

/** Claims a recipient: creates the delivery record, or takes back a temporarily failed one; its id, or null when someone else has it. */
async function claim(payload: Payload, news: NewsForMail, user: Recipient, lang: Lang, existing: NewsDelivery | undefined): Promise<Id | null> {
  const now = new Date().toISOString()
  if (existing) {
    if (existing.status !== 'failed') return null
    await payload.db.updateOne({
      collection: 'news-deliveries',
      id: existing.id,
      data: { status: 'sending', attempts: (existing.attempts ?? 0) + 1, updatedAt: now },
    })
    return existing.id
  }
  try {
    const created = await payload.db.create({
      collection: 'news-deliveries',
      data: {
        key: deliveryKey(news.id, user.id),
        news: news.id,
        user: user.id,
        email: user.email,
        lang,
        status: 'sending',
        attempts: 1,
        createdAt: now,
        updatedAt: now,
      },
    })
    return created.id
  } catch {
    return null // the unique key is taken: another worker claimed this recipient a moment ago
  }
}

export async function sendNewsFanoutPage(payload: Payload, input: FanoutPageInput): Promise<FanoutPageResult> {
  const result: FanoutPageResult = { recipients: 0, sent: 0, skipped: 0, rejected: 0, failed: 0, nextAfterId: null }
  const news = await loadPublishedNews(payload, input.newsId)
  if (!news) return result // deleted or unpublished meanwhile: nobody is mailed

  const limit = Math.max(1, Math.min(1000, input.batchSize ?? fanoutBatchSize()))
  const where: Where = {
    and: [
      { newsSubscribed: { equals: true } },
      { _verified: { equals: true } },
      { roles: { in: ['customer'] } },
      ...(input.afterId != null && input.afterId !== '' ? [{ id: { greater_than: parseId(payload, input.afterId) } }] : []),
    ],
  }
  const { docs } = await payload.find({
    collection: 'users',
    where,
    sort: 'id',
    limit,
    depth: 0,
    overrideAccess: true,
    select: { email: true, name: true, language: true },
  })
  const users: Recipient[] = docs
  result.recipients = users.length
  if (users.length === limit) result.nextAfterId = String(users[users.length - 1].id)
  if (!users.length) return result

  const existing = await payload.db.find<NewsDelivery>({
    collection: 'news-deliveries',
    where: { key: { in: users.map((u) => deliveryKey(news.id, u.id)) } },
    limit: 0,
    pagination: false,
  })
  const byKey = new Map(existing.docs.map((d) => [d.key, d]))

  let stop = false
  const queue = [...users]
  const worker = async () => {
    for (let user = queue.shift(); user && !stop; user = queue.shift()) {
      const { lang, mail } = mailFor(news, user)
      const deliveryId = await claim(payload, news, user, lang, byKey.get(deliveryKey(news.id, user.id)))
      if (deliveryId === null) {
        result.skipped++
        continue
      }
      try {
        const info = (await payload.sendEmail({ to: user.email, ...mail, headers: unsubscribeHeaders(user.id) })) as { messageId?: string }
        await payload.db.updateOne({
          collection: 'news-deliveries',
          id: deliveryId,
          data: { status: 'sent', sentAt: new Date().toISOString(), messageId: String(info?.messageId ?? ''), error: null, updatedAt: new Date().toISOString() },
        })
        result.sent++
      } catch (err) {
        const permanent = isPermanentRejection(err)
        const error = describeMailError(err).slice(0, 500)
        await payload.db.updateOne({
          collection: 'news-deliveries',
          id: deliveryId,
          data: { status: permanent ? 'rejected' : 'failed', error, updatedAt: new Date().toISOString() },
        })
        if (permanent) result.rejected++
        else {
          result.failed++
          result.firstError ??= error
          stop = true // the server is in trouble: stop this page, the job is retried later with backoff
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency(), users.length) }, worker))
  if (stop) result.nextAfterId = null // this page is retried first; it queues the next one when it completes
  return result
}
