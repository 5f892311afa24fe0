'use client'
/**
 * The order page's sidebar actions: the bill as PDF, Mark as paid (asks for the payment reference),
 * Cancel and Refund (ask for a reason). Each is one PATCH of the order; hooks/checkOrderStatusChange
 * enforces the rules and records who and when, hooks/applyOrderStatus applies it.
 */
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { callApi, noSubmitOnEnter } from './api'
import * as s from './styles'

type Action = 'paid' | 'cancelled' | 'refunded'
const TITLES: Record<Action, string> = { paid: 'Mark as paid', cancelled: 'Cancel order', refunded: 'Refund' }

export function OrderActions() {
  const { id } = useDocumentInfo()
  const status = useFormFields(([fields]) => fields.status?.initialValue as string | undefined)
  const [open, setOpen] = useState<Action | null>(null)
  const [text, setText] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  if (!id) return null

  const submit = async () => {
    if (!open) return
    setBusy(true)
    setMessage('')
    const body = open === 'paid' ? { status: 'paid', paymentReference: text } : { status: open, statusReason: text }
    const res = await callApi('PATCH', `/api/orders/${id}`, body)
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.reload()
  }

  const available: Action[] = status === 'awaiting_payment' ? ['paid', 'cancelled'] : status === 'paid' ? ['refunded'] : []
  return (
    <div style={s.panel} data-testid="order-actions">
      <a href={`/api/orders/${id}/bill.pdf`} target="_blank" rel="noreferrer" style={{ display: 'block', marginBottom: 12 }}>
        Bill (PDF)
      </a>
      {available.length === 0 && <p style={{ margin: 0 }}>This order is {String(status).replace('_', ' ')}: no further status changes.</p>}
      {!open &&
        available.map((a) => (
          <button key={a} type="button" style={a === 'paid' ? s.primary : s.button} onClick={() => (setOpen(a), setText(''), setMessage(''))}>
            {TITLES[a]}
          </button>
        ))}
      {open && (
        <div>
          <label style={s.label} htmlFor="order-action-input">
            {open === 'paid' ? 'Payment reference (bank transfer reference or payment id)' : `Reason (shown in the order history)`}
          </label>
          {open === 'paid' ? (
            <input id="order-action-input" name="order-action-input" style={s.input} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={noSubmitOnEnter} autoFocus />
          ) : (
            <textarea id="order-action-input" name="order-action-input" style={s.input} rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          )}
          {message && <p style={s.error} role="alert">{message}</p>}
          <button type="button" style={open === 'paid' ? s.primary : s.danger} disabled={busy || !text.trim()} onClick={submit}>
            {busy ? 'Saving…' : `Confirm: ${TITLES[open].toLowerCase()}`}
          </button>
          <button type="button" style={s.button} onClick={() => setOpen(null)}>
            Back
          </button>
        </div>
      )}
    </div>
  )
}
