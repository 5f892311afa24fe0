'use client'
/**
 * Every license issued for this controller, newest first, with download links; above them, whether
 * the controller needs a new license because its latest one carries options it no longer has (a
 * refund) or was signed by a revoked key (GET /api/controllers/:id/license-status).
 */
import { useDocumentInfo } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

type LicenseNeed = { needed: boolean; withdrawn: string[]; revokedKid: string | null; sequence: number | null }
type License = { id: string | number; sequence: number; options?: string[]; issuedAt: string; kid: string; issuedBy?: { email?: string } | string | number | null }

export function ControllerLicenses() {
  const { id } = useDocumentInfo()
  const [licenses, setLicenses] = useState<License[] | null>(null)
  const [need, setNeed] = useState<LicenseNeed | null>(null)
  useEffect(() => {
    if (!id) return
    callApi<LicenseNeed>('GET', `/api/controllers/${encodeURIComponent(String(id))}/license-status`).then((res) => setNeed(res.ok ? res.body : null))
    callApi('GET', `/api/licenses?where[controller][equals]=${encodeURIComponent(String(id))}&sort=-sequence&limit=100&depth=1`).then((res) => setLicenses(res.body?.docs ?? []))
  }, [id])
  if (!id) return null
  return (
    <div style={s.panel} data-testid="controller-licenses">
      <h4 style={{ marginTop: 0 }}>License history</h4>
      {need?.needed && (
        <div role="status" data-testid="license-needed" style={{ ...s.error, marginBottom: 8 }}>
          <strong>License needed.</strong> License {need.sequence} still carries what the controller may no longer run:
          {need.withdrawn.length > 0 && ` ${need.withdrawn.join(', ')} (refunded or taken back).`}
          {need.revokedKid && ` It was signed by key ${need.revokedKid}, which has been revoked.`} The owner’s next Apply issues a license without it.
        </div>
      )}
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
