/** A small HTTP client for the tests: JSON in, status + JSON + headers out, optional JWT. */
export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
  text: string
}

export interface RequestOptions {
  body?: unknown
  rawBody?: string | Buffer
  token?: string
  headers?: Record<string, string>
}

export function apiClient(baseUrl: string) {
  return async function request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) }
    let body: string | Buffer | undefined
    if (opts.rawBody !== undefined) body = opts.rawBody
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] ??= 'application/json'
    }
    if (opts.token) headers.authorization = `JWT ${opts.token}`
    const res = await fetch(baseUrl + path, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' })
    const text = await res.text()
    let parsed: unknown = undefined
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text }
  }
}

export type Api = ReturnType<typeof apiClient>

export async function login(api: Api, email: string, password: string): Promise<string> {
  const res = await api('POST', '/api/users/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`)
  return res.body.token
}
