'use client'
/**
 * Choosing options to buy: real checkboxes, a running total, and Place order (POST /api/orders) → the bill.
 * Placing is one explicit transition: while the order is placed and then while the bill page loads the
 * form says so (role=status), the button and the choices are disabled, and a second click or Enter
 * places nothing more.
 */
import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'

import { apiRequest, genericError } from '../api-client'
import { formatMoney } from '../format'
import { fmt, type Dict, type Lang } from '../i18n'
import { Alert, Button } from '../ui'

export interface BuyOption {
  id: string | number
  code: string
  name: string
  price: number
  currency: string
}

/** idle → placing (POST /api/orders) → opening the bill (navigation); back to idle only when placing failed. */
type Phase = { kind: 'idle' } | { kind: 'placing' } | { kind: 'opening'; number: string }

export function BuyForm({ controllerId, options, lang, t, common }: { controllerId: string | number; options: BuyOption[]; lang: Lang; t: Dict['buy']; common: Dict['common'] }) {
  const router = useRouter()
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [, startNavigation] = useTransition()
  // Set synchronously on the first submit: a double click delivers the second before React re-renders.
  const submitting = useRef(false)
  const [error, setError] = useState<string | null>(null)
  const chosen = options.filter((o) => picked.has(String(o.id)))
  const currencies = [...new Set(chosen.map((o) => o.currency))]
  const total = chosen.reduce((n, o) => n + o.price, 0)
  const pending = phase.kind !== 'idle'

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    if (submitting.current) return
    if (!chosen.length) return setError(t.pickOne)
    submitting.current = true
    setPhase({ kind: 'placing' })
    setError(null)
    const r = await apiRequest('POST', '/api/orders', { controller: controllerId, items: chosen.map((o) => ({ option: o.id })) })
    if (r.ok && r.data?.doc?.id != null) {
      setPhase({ kind: 'opening', number: String(r.data.doc.number ?? '') })
      // The bill page replaces this one when it has loaded; until then the form says it is opening.
      startNavigation(() => router.push(`/account/orders/${r.data.doc.id}?placed=1`))
      return
    }
    submitting.current = false
    setPhase({ kind: 'idle' })
    setError(genericError(r, common))
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      <fieldset className="fieldset" disabled={pending}>
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
      <div className="row">
        <Button type="submit" busy={pending}>
          {pending ? t.placing : t.place}
        </Button>
        <span className="muted" role="status">
          {phase.kind === 'placing' ? t.placingStatus : phase.kind === 'opening' ? fmt(t.openingBill, { number: phase.number }) : null}
        </span>
      </div>
    </form>
  )
}
