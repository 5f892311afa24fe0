'use client'
/**
 * Choosing options to buy or rent: an option with one way to have it (bought outright) is a checkbox;
 * one with several — outright and rental periods, or an update plan's periods — is a group of radio
 * buttons starting at "Not now". A running total, and Place order (POST /api/orders, `months` on each
 * rented item) → the bill. The server decides prices and what may be ordered; its refusals are shown
 * as it words them.
 *
 * Placing is one explicit transition: while the order is placed and then while the bill page loads the
 * form says so (role=status), the button and the choices are disabled, and a second click or Enter
 * places nothing more.
 */
import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'

import { apiRequest, genericError } from '../api-client'
import { formatMoney } from '../format'
import type { BuyOffer } from '../queries/controllers'
import { fmt, plural, type Dict, type Lang } from '../i18n'
import { Alert, Button } from '../ui'

/** An offer as the form shows it: the date it runs until now already in words. */
export type BuyOfferView = BuyOffer & { runsUntilText: string | null; updatesEnded?: boolean }

/** 'outright', or the number of months of a period, as text. */
export type Choice = string

/** idle → placing (POST /api/orders) → opening the bill (navigation); back to idle only when placing failed. */
type Phase = { kind: 'idle' } | { kind: 'placing' } | { kind: 'opening'; number: string }

const OUTRIGHT = 'outright'
const priceOf = (o: BuyOffer, choice: Choice) => (choice === OUTRIGHT ? (o.outright ?? 0) : (o.periods.find((p) => String(p.months) === choice)?.price ?? 0))
/** Only bought outright: one checkbox, as before rentals existed. */
const single = (o: BuyOffer) => o.outright !== null && o.periods.length === 0

export function BuyForm({
  controllerId,
  offers,
  initial,
  rentDisabledReason,
  updatesDisabledReason,
  lang,
  t,
  common,
}: {
  controllerId: string | number
  offers: BuyOfferView[]
  /** Choices made by the link that opened the page (?option=CODE&months=N), by option id. */
  initial: Record<string, Choice>
  /** Why rental periods cannot be chosen for this controller (it cannot enforce end dates), or null. */
  rentDisabledReason: string | null
  updatesDisabledReason: string | null
  lang: Lang
  t: Dict['buy']
  common: Dict['common']
}) {
  const router = useRouter()
  const [picked, setPicked] = useState<Map<string, Choice>>(() => new Map(Object.entries(initial)))
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [, startNavigation] = useTransition()
  // Set synchronously on the first submit: a double click delivers the second before React re-renders.
  const submitting = useRef(false)
  const [error, setError] = useState<string | null>(null)
  const chosen = offers.flatMap((o) => {
    const choice = picked.get(String(o.id))
    return choice ? [{ offer: o, choice, price: priceOf(o, choice) }] : []
  })
  const currencies = [...new Set(chosen.map((c) => c.offer.currency))]
  const pending = phase.kind !== 'idle'

  const choose = (id: string | number, choice: Choice | null) => {
    setError(null)
    setPicked((p) => {
      const n = new Map(p)
      if (choice) n.set(String(id), choice)
      else n.delete(String(id))
      return n
    })
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    if (submitting.current) return
    if (!chosen.length) return setError(t.pickOne)
    submitting.current = true
    setPhase({ kind: 'placing' })
    setError(null)
    const items = chosen.map(({ offer, choice }) => (choice === OUTRIGHT ? { option: offer.id } : { option: offer.id, months: Number(choice) }))
    const r = await apiRequest('POST', '/api/orders', { controller: controllerId, items })
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

  const note = (o: BuyOfferView, id: string) => {
    if (!o.runsUntilText) return null
    const text = o.kind === 'updates' ? (o.updatesEnded ? t.updatesEnded : t.updatesUntil) : t.runsUntil
    return (
      <p className="small muted" id={id}>
        {fmt(text, { date: o.runsUntilText })}
      </p>
    )
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      <fieldset className="fieldset" disabled={pending}>
        <legend className="visually-hidden">{t.price}</legend>
        <ul className="option-list">
          {offers.map((o) => {
            const id = `buy-${o.id}`
            const noteId = `${id}-note`
            const choice = picked.get(String(o.id)) ?? ''
            if (single(o)) {
              return (
                <li key={String(o.id)} className="option-row">
                  <div className="option-row__text">
                    <div className="check">
                      <input
                        id={id}
                        type="checkbox"
                        checked={choice === OUTRIGHT}
                        aria-describedby={o.runsUntilText ? noteId : undefined}
                        onChange={(e) => choose(o.id, e.target.checked ? OUTRIGHT : null)}
                      />
                      <label htmlFor={id}>
                        <span className="mono">{o.code}</span> — {o.name}
                      </label>
                    </div>
                    {note(o, noteId)}
                  </div>
                  <span className="price">{formatMoney(lang, o.outright, o.currency)}</span>
                </li>
              )
            }
            const periodsDisabled = o.kind === 'updates' ? updatesDisabledReason : rentDisabledReason
            const reasonId = `${id}-reason`
            const groupId = `${id}-periods`
            const radio = (value: Choice, label: string, disabled = false) => (
              <div className="check" key={value || 'none'}>
                <input
                  id={`${id}-${value || 'none'}`}
                  type="radio"
                  name={id}
                  value={value}
                  checked={choice === value}
                  disabled={disabled}
                  aria-describedby={disabled ? reasonId : undefined}
                  onChange={() => choose(o.id, value || null)}
                />
                <label htmlFor={`${id}-${value || 'none'}`}>{label}</label>
              </div>
            )
            return (
              <li key={String(o.id)} className="option-row">
                <fieldset className="fieldset buy-choices" aria-describedby={o.runsUntilText ? noteId : undefined}>
                  <legend className="option-row__name">
                    <span className="mono">{o.code}</span> — {o.name}
                  </legend>
                  {note(o, noteId)}
                  {radio('', t.notNow)}
                  {o.outright !== null ? radio(OUTRIGHT, fmt(t.outright, { price: formatMoney(lang, o.outright, o.currency) })) : null}
                  {o.periods.length ? (
                    <div className="buy-choices__periods" role="group" aria-labelledby={groupId}>
                      <span id={groupId} className="small">
                        {o.kind === 'updates' ? t.updatesFor : t.rent}
                      </span>
                      {o.periods.map((p) => radio(String(p.months), plural(lang, t.period, p.months, { price: formatMoney(lang, p.price, o.currency) }), periodsDisabled !== null))}
                      {periodsDisabled ? (
                        <p className="small muted" id={reasonId}>
                          {periodsDisabled}
                        </p>
                      ) : null}
                    </div>
                  ) : null}
                </fieldset>
              </li>
            )
          })}
        </ul>
      </fieldset>
      <p className="total" aria-live="polite">
        {t.total}:{' '}
        <strong>
          {currencies.length
            ? currencies.map((c) => formatMoney(lang, chosen.filter((x) => x.offer.currency === c).reduce((n, x) => n + x.price, 0), c)).join(' + ')
            : formatMoney(lang, 0, offers[0]?.currency)}
        </strong>
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
