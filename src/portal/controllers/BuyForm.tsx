'use client'
/** Choosing options to buy: real checkboxes, a running total, and Place order (POST /api/orders) → the bill. */
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import { formatMoney } from '../format'
import type { Dict, Lang } from '../i18n'
import { Alert, Button } from '../ui'

export interface BuyOption {
  id: string | number
  code: string
  name: string
  price: number
  currency: string
}

export function BuyForm({ controllerId, options, lang, t, common }: { controllerId: string | number; options: BuyOption[]; lang: Lang; t: Dict['buy']; common: Dict['common'] }) {
  const router = useRouter()
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const chosen = options.filter((o) => picked.has(String(o.id)))
  const currencies = [...new Set(chosen.map((o) => o.currency))]
  const total = chosen.reduce((n, o) => n + o.price, 0)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    if (!chosen.length) return setError(t.pickOne)
    setBusy(true)
    setError(null)
    const r = await apiRequest('POST', '/api/orders', { controller: controllerId, items: chosen.map((o) => ({ option: o.id })) })
    if (r.ok && r.data?.doc?.id != null) {
      router.push(`/account/orders/${r.data.doc.id}?placed=1`)
      router.refresh()
      return
    }
    setBusy(false)
    setError(genericError(r, common))
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      <fieldset className="fieldset">
        <legend className="visually-hidden">{t.price}</legend>
        <ul className="option-list">
          {options.map((o) => {
            const id = `buy-${o.id}`
            return (
              <li key={String(o.id)} className="option-row">
                <div className="check">
                  <input
                    id={id}
                    type="checkbox"
                    checked={picked.has(String(o.id))}
                    onChange={(e) => {
                      setError(null)
                      setPicked((p) => {
                        const n = new Set(p)
                        if (e.target.checked) n.add(String(o.id))
                        else n.delete(String(o.id))
                        return n
                      })
                    }}
                  />
                  <label htmlFor={id}>
                    <span className="mono">{o.code}</span> — {o.name}
                  </label>
                </div>
                <span className="price">{formatMoney(lang, o.price, o.currency)}</span>
              </li>
            )
          })}
        </ul>
      </fieldset>
      <p className="total" aria-live="polite">
        {t.total}: <strong>{currencies.length ? currencies.map((c) => formatMoney(lang, chosen.filter((o) => o.currency === c).reduce((n, o) => n + o.price, 0), c)).join(' + ') : formatMoney(lang, total, options[0]?.currency)}</strong>
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div>
        <Button type="submit" busy={busy}>
          {busy ? t.placing : t.place}
        </Button>
      </div>
    </form>
  )
}
