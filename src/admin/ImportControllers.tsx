'use client'
/**
 * Factory registration in bulk, above the controllers list: paste or choose a CSV, Preview (every row
 * checked, nothing written), then Import (all rows or none). See POST /api/controllers/import.
 */
import { useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

type Row = { row: number; serial: string; modelId: number; model: string; hardwareId: string; factoryOptions: string[] }
type Result = { rows: Row[]; errors: { row: number; field: string; message: string }[]; created: number; dryRun: boolean }

export function ImportControllers() {
  const [open, setOpen] = useState(false)
  const [csv, setCsv] = useState('')
  const [result, setResult] = useState<Result | null>(null)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  const send = async (dryRun: boolean) => {
    setBusy(true)
    setMessage('')
    const res = await callApi<Result>('POST', '/api/controllers/import', { csv, dryRun })
    setBusy(false)
    if (res.body?.rows) setResult(res.body)
    else {
      setResult(null)
      setMessage(res.message)
    }
  }
  const onFile = async (file?: File) => {
    if (!file) return
    setCsv(await file.text())
    setResult(null)
  }

  if (!open) {
    return (
      <div style={{ marginBottom: 12 }}>
        <button type="button" style={s.button} onClick={() => setOpen(true)}>
          Import controllers from CSV
        </button>
      </div>
    )
  }
  const errorsByRow = new Map<number, string[]>()
  for (const e of result?.errors ?? []) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e.message])
  return (
    <div style={s.panel} data-testid="import-controllers">
      <h3 style={{ marginTop: 0 }}>Import controllers from CSV</h3>
      <p style={{ marginTop: 0 }}>
        One controller per line: <code>serial, model id, model, hardware id, factory option codes</code> (codes separated by <code>;</code> or spaces). A header line is
        optional. If any row is wrong, nothing is imported.
      </p>
      <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => onFile(e.target.files?.[0])} style={{ marginBottom: 8 }} />
      <textarea
        name="import-csv"
        aria-label="CSV"
        style={{ ...s.input, fontFamily: 'monospace' }}
        rows={8}
        value={csv}
        onChange={(e) => (setCsv(e.target.value), setResult(null))}
        placeholder={'serial,model id,model,hardware id,factory options\n100200,3,PUMOTIX NC-300,00112233445566778899aabbccddeeff,SPINDLE;THC'}
      />
      <button type="button" style={s.button} disabled={busy || !csv.trim()} onClick={() => send(true)}>
        Preview
      </button>
      <button type="button" style={s.primary} disabled={busy || !csv.trim()} onClick={() => send(false)}>
        Import
      </button>
      <button type="button" style={s.button} onClick={() => setOpen(false)}>
        Close
      </button>
      {message && (
        <p style={s.error} role="alert">
          {message}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <p style={s.error} role="alert" data-testid="import-errors">
          {result.errors.length} problem{result.errors.length === 1 ? '' : 's'} found: nothing was imported. Fix the rows below and try again.
        </p>
      )}
      {result && result.errors.length === 0 && result.created > 0 && (
        <p style={s.ok} role="status" data-testid="import-done">
          Imported {result.created} controller{result.created === 1 ? '' : 's'}. <a href="/admin/collections/controllers">Refresh the list</a>
        </p>
      )}
      {result && result.errors.length === 0 && result.dryRun && (
        <p style={s.ok} role="status">
          {result.rows.length} row{result.rows.length === 1 ? '' : 's'} ready to import.
        </p>
      )}
      {result && (
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
          <thead>
            <tr>
              {['Line', 'Serial', 'Model id', 'Model', 'Hardware id', 'Factory options', 'Problems'].map((h) => (
                <th key={h} style={{ textAlign: 'left', padding: 4 }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.row} style={errorsByRow.has(r.row) ? { background: 'var(--theme-error-100, #fde8e8)' } : undefined}>
                <td style={{ padding: 4 }}>{r.row}</td>
                <td style={{ padding: 4 }}>{r.serial}</td>
                <td style={{ padding: 4 }}>{Number.isFinite(r.modelId) ? r.modelId : ''}</td>
                <td style={{ padding: 4 }}>{r.model}</td>
                <td style={{ padding: 4, fontFamily: 'monospace' }}>{r.hardwareId}</td>
                <td style={{ padding: 4 }}>{r.factoryOptions.join(', ')}</td>
                <td style={{ padding: 4 }}>{(errorsByRow.get(r.row) ?? []).join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
