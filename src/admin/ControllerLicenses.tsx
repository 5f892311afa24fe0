'use client'
/** Every license issued for this controller, newest first, with download links. */
import { useDocumentInfo } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

type License = { id: string | number; sequence: number; options?: string[]; issuedAt: string; kid: string; issuedBy?: { email?: string } | string | number | null }

export function ControllerLicenses() {
  const { id } = useDocumentInfo()
  const [licenses, setLicenses] = useState<License[] | null>(null)
  useEffect(() => {
    if (!id) return
    callApi('GET', `/api/licenses?where[controller][equals]=${encodeURIComponent(String(id))}&sort=-sequence&limit=100&depth=1`).then((res) => setLicenses(res.body?.docs ?? []))
  }, [id])
  if (!id) return null
  return (
    <div style={s.panel} data-testid="controller-licenses">
      <h4 style={{ marginTop: 0 }}>License history</h4>
      {licenses === null && <p>Loading…</p>}
      {licenses?.length === 0 && <p>No license issued yet.</p>}
      {licenses && licenses.length > 0 && (
        <table style={{ width: '100%', borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              {['#', 'Options', 'Issued', 'By', 'Key', ''].map((h) => (
                <th key={h} style={{ textAlign: 'left', padding: 4 }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {licenses.map((l) => (
              <tr key={String(l.id)}>
                <td style={{ padding: 4 }}>
                  <a href={`/admin/collections/licenses/${l.id}`}>{l.sequence}</a>
                </td>
                <td style={{ padding: 4 }}>{(l.options ?? []).join(', ') || '—'}</td>
                <td style={{ padding: 4 }}>{new Date(l.issuedAt).toLocaleString()}</td>
                <td style={{ padding: 4 }}>{l.issuedBy && typeof l.issuedBy === 'object' ? l.issuedBy.email : ''}</td>
                <td style={{ padding: 4 }}>{l.kid}</td>
                <td style={{ padding: 4 }}>
                  <a href={`/api/licenses/${l.id}/download`}>Download</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
