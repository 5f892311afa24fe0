/**
 * fetch() for the portal's client components: same-origin JSON with the session cookie, and one
 * shape for every answer: ok, status, the body, the server's message and its field errors.
 */
import { fmt } from '@/portal/i18n'

export interface ApiResult<T = any> {
  ok: boolean
  status: number
  data: T
  /** The server's reason (first errors[].message), if it gave one. */
  message: string | null
  /** Field name → message, from Payload validation errors. */
  fieldErrors: Record<string, string>
  /** True when the server could not be reached at all. */
  networkError: boolean
  /** The address to open instead, when the server refused this page's address (403 from src/server/refuse-foreign-origins.ts). */
  openAt: string | null
  /** Seconds until a limit lets the next attempt through (429 with Retry-After). */
  retryAfterSeconds: number | null
}

export async function apiRequest<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'include',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    return networkFailure<T>()
  }
  return resultOf<T>(res)
}

const networkFailure = <T>(): ApiResult<T> => ({ ok: false, status: 0, data: undefined as T, message: null, fieldErrors: {}, networkError: true, openAt: null, retryAfterSeconds: null })

/** The one shape of an answer, from a JSON response (or one without a body). */
async function resultOf<T>(res: Response): Promise<ApiResult<T>> {
  let data: any = undefined
  try {
    data = await res.json()
  } catch {
    data = undefined
  }
  const fieldErrors: Record<string, string> = {}
  let message: string | null = null
  const errors: any[] = Array.isArray(data?.errors) ? data.errors : []
  for (const e of errors) {
    if (!message && typeof e?.message === 'string') message = e.message
    const nested: any[] = Array.isArray(e?.data?.errors) ? e.data.errors : []
    for (const f of nested) {
      if (typeof f?.path === 'string' && typeof f?.message === 'string' && !fieldErrors[f.path]) fieldErrors[f.path] = f.message
    }
  }
  if (!res.ok && !message && typeof data?.message === 'string') message = data.message
  const openAt = res.status === 403 && typeof errors[0]?.data?.openAt === 'string' ? (errors[0].data.openAt as string) : null
  const retryAfter = res.status === 429 ? Number(res.headers.get('retry-after')) : NaN
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null
  return { ok: res.ok, status: res.status, data, message, fieldErrors, networkError: false, openAt, retryAfterSeconds }
}

/**
 * GET a file (the data export): the browser saves it under the name the server gives, from memory (a
 * Blob), so a refusal can be shown as text instead of being saved as a file.
 */
export async function apiDownload(path: string): Promise<{ ok: true; filename: string } | { ok: false; result: ApiResult }> {
  let res: Response
  try {
    res = await fetch(path, { credentials: 'include' })
  } catch {
    return { ok: false, result: networkFailure() }
  }
  if (!res.ok) return { ok: false, result: await resultOf(res) }
  let blob: Blob
  try {
    blob = await res.blob()
  } catch {
    return { ok: false, result: networkFailure() }
  }
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download'
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return { ok: true, filename }
}

/** Whole minutes until the next attempt (at least 1), for the texts that say when to try again. */
export const minutesUntilRetry = (r: ApiResult): number => Math.max(1, Math.ceil((r.retryAfterSeconds ?? 0) / 60))

type CommonTexts = { networkError: string; serverError: string; sessionExpired: string; tooMany: string; tooManyRetry: string; wrongAddress: string }

/** The text to show for a failed request that has no more specific handling. */
export function genericError(r: ApiResult, t: CommonTexts): string {
  if (r.networkError) return t.networkError
  if (r.openAt) return fmt(t.wrongAddress, { url: r.openAt })
  if (r.status === 401) return t.sessionExpired
  if (r.status === 429) return r.retryAfterSeconds !== null ? fmt(t.tooManyRetry, { minutes: minutesUntilRetry(r) }) : t.tooMany
  if (r.status >= 500) return t.serverError
  return r.message || t.serverError
}
