/** Browser-side calls from the admin components to our REST endpoints (same origin, session cookie). */
export interface ApiResult<T = any> {
  ok: boolean
  status: number
  body: T
  message: string
}

export async function callApi<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const res = await fetch(path, {
    method,
    credentials: 'include',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  let parsed: any = null
  try {
    parsed = await res.json()
  } catch {
    parsed = null
  }
  const message = parsed?.errors?.[0]?.message ?? parsed?.message ?? (res.ok ? '' : `Request failed (${res.status}).`)
  return { ok: res.ok, status: res.status, body: parsed, message }
}

/** Enter in one of our inputs must not submit Payload's document form around it. */
export const noSubmitOnEnter = (e: { key: string; preventDefault: () => void }) => {
  if (e.key === 'Enter') e.preventDefault()
}
