'use client'
/**
 * The order page's sidebar actions: the bill as PDF, Mark as paid (asks for the payment reference),
 * Cancel and Refund (ask for a reason). Each is one PATCH of the order; hooks/checkOrderStatusChange
 * enforces the rules and records who and when, hooks/applyOrderStatus applies it. The refund dialog
 * first names the issued licenses that carry the order's options (GET /api/orders/:id/refund-preview):
 * a refund cannot reach into a license already on the controller, which then needs a new one.
 */
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi, noSubmitOnEnter } from './api'
import * as s from './styles'

type Action = 'paid' | 'cancelled' | 'refunded'
const TITLES: Record<Action, string> = { paid: 'Mark as paid', cancelled: 'Cancel order', refunded: 'Refund' }

type RefundPreview = { controller: { id: string | number; serial: string }; options: string[]; licenses: { id: string | number; sequence: number; issuedAt: string; options: string[]; latest: boolean }[] }

/** What the refund leaves on the controller: the issued licenses that carry the order's options. */
function RefundImpact({ id }: { id: string | number }) {
  const [preview, setPreview] = useState<RefundPreview | null>(null)
  const [failed, setFailed] = useState('')
  useEffect(() => {
    callApi<RefundPreview>('GET', `/api/orders/${id}/refund-preview`).then((res) => (res.ok ? setPreview(res.body) : setFailed(res.message)))
  }, [id])
  if (failed) return <p style={s.error}>Could not check the controller’s licenses: {failed}</p>
  if (!preview) return <p>Checking the controller’s licenses…</p>
  if (preview.licenses.length === 0) return <p data-testid="refund-impact">No license issued for controller {preview.controller.serial} carries {preview.options.join(', ')}.</p>
  const latest = preview.licenses.find((l) => l.latest)
  return (
    <div data-testid="refund-impact" style={{ marginBottom: 8 }}>
      <p style={{ margin: '0 0 4px' }}>
        These licenses of controller <a href={`/admin/collections/controllers/${preview.controller.id}`}>{preview.controller.serial}</a> carry the refunded option(s); a refund cannot take them back from a license already on the controller:
      </p>
      <ul style={{ margin: '0 0 4px', paddingLeft: 18 }}>
        {preview.licenses.map((l) => (
          <li key={String(l.id)}>
            <a href={`/admin/collections/licenses/${l.id}`}>License {l.sequence}</a> ({new Date(l.issuedAt).toLocaleDateString()}): {l.options.join(', ')}
            {l.latest ? ' — the latest' : ''}
          </li>
        ))}
      </ul>
      {latest ? <p style={{ margin: 0 }}>After the refund the controller reads “license needed”; its next license leaves the option(s) out.</p> : null}
    </div>
  )
}

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
          {open === 'refunded' ? <RefundImpact id={id} /> : null}
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
