/** Query strings of the news list: page and category, without empty values. */
export function newsListHref({ page, category }: { page?: number; category?: string | null }): string {
  const params = new URLSearchParams()
  if (category) params.set('category', category)
  if (page && page > 1) params.set('page', String(page))
  const qs = params.toString()
  return qs ? `/news?${qs}` : '/news'
}
