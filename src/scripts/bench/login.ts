/** Logs a seeded account in over HTTP: its JWT (for `Authorization: JWT …`) and its session cookie. */
import { BENCH_PASSWORD } from './seed-bench'

export async function login(url: string, email: string, password = BENCH_PASSWORD): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`)
  return { token: ((await res.json()) as { token: string }).token, cookie: res.headers.getSetCookie().find((c) => c.startsWith('payload-token='))!.split(';')[0] }
}
