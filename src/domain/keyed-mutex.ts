/**
 * Serialises work per key inside this process (e.g. every change to one controller), so
 * read-check-write sequences such as "next license sequence" or "claim if unowned" cannot interleave.
 * Across processes the unique indexes (licenses: controller+sequence, payments: paymentId,
 * orders: number) are the guard.
 */
const tails = new Map<string, Promise<unknown>>()

export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve()
  let release!: () => void
  const current = new Promise<void>((resolve) => (release = resolve))
  const tail = previous.then(() => current)
  tails.set(key, tail)
  try {
    await previous.catch(() => undefined)
    return await work()
  } finally {
    release()
    if (tails.get(key) === tail) tails.delete(key)
  }
}
