'use client'
/**
 * On a signing key's page (admins): its certificate and what to do next — download the certification
 * request, upload the certificate made offline (a pending key then becomes the active key), certify
 * with the development root outside production, or discard a pending key.
 */
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

export function SigningKeyCertificate() {
  const { id } = useDocumentInfo()
  const status = useFormFields(([fields]) => fields.status?.initialValue)
  const rootKid = useFormFields(([fields]) => fields.certificateRootKid?.initialValue)
  const [certificate, setCertificate] = useState('')
  const [devRoot, setDevRoot] = useState<string | null>(null)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    callApi('GET', '/api/signing-keys/development-root').then((res) => setDevRoot(res.ok && res.body?.available ? String(res.body.kid) : null))
  }, [])

  if (!id) return null
  const done = (res: { ok: boolean; message: string }) => {
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.reload()
  }
  const upload = async () => {
    setBusy(true)
    setMessage('')
    done(await callApi('POST', `/api/signing-keys/${id}/certificate`, { certificate }))
  }
  const certifyDev = async () => {
    setBusy(true)
    setMessage('')
    done(await callApi('POST', `/api/signing-keys/${id}/certify-with-development-root`))
  }
  const discard = async () => {
    setBusy(true)
    const res = await callApi('POST', `/api/signing-keys/${id}/discard`)
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.assign('/admin/collections/signing-keys')
  }
  const canCertify = status === 'pending' || status === 'active'

  return (
    <div style={s.panel} data-testid="signing-key-certificate">
      <p style={{ marginTop: 0 }}>
        {status === 'pending'
          ? 'This key waits for its certificate. It signs licenses once a certificate from a PUMOTIX root is uploaded here.'
          : rootKid
            ? `Certified by root ${String(rootKid)}: PMX2 controllers verify its licenses through that root.`
            : status === 'active'
              ? 'This key has no certificate yet: PMX2 controllers get licenses only once it is certified.'
              : `This key is ${String(status)} and does not sign any more.`}
      </p>
      {canCertify && (
        <>
          <a style={{ ...s.button, display: 'inline-block', textDecoration: 'none' }} href={`/api/signing-keys/${id}/certification-request`}>
            Download certification request
          </a>
          <label style={s.label} htmlFor="signing-key-certificate-text">
            Certificate (pumotix-keys certify REQUEST --root ROOT.key --out cert.pem)
          </label>
          <textarea id="signing-key-certificate-text" style={{ ...s.input, minHeight: 120, fontFamily: 'monospace' }} value={certificate} onChange={(e) => setCertificate(e.target.value)} />
          <button type="button" style={s.primary} disabled={busy || !certificate.trim()} onClick={upload}>
            {status === 'pending' ? 'Upload certificate and make this key active' : 'Upload certificate'}
          </button>
          {devRoot && (
            <button type="button" style={s.button} disabled={busy} onClick={certifyDev}>
              Certify with the development root {devRoot} (not for controllers in the field)
            </button>
          )}
        </>
      )}
      {status === 'pending' && (
        <button type="button" style={s.button} disabled={busy} onClick={discard}>
          Discard this key
        </button>
      )}
      {message && (
        <p style={s.error} role="alert">
          {message}
        </p>
      )}
    </div>
  )
}
