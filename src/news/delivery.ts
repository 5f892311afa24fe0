/**
 * One delivery record per (news item, subscriber) — the `news-deliveries` collection — is the guarantee
 * that a news item reaches each subscriber at most once: its key is unique.
 */
export const DELIVERY_STATUSES = ['sending', 'sent', 'failed', 'rejected'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const deliveryKey = (newsId: string | number, userId: string | number) => `${String(newsId)}:${String(userId)}`
