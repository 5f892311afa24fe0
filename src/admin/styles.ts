/** Inline styles shared by the admin components (Payload's CSS variables, so light and dark themes work). */
import type { CSSProperties } from 'react'

export const panel: CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: 16,
  marginBottom: 16,
  background: 'var(--theme-elevation-50)',
}
export const input: CSSProperties = {
  width: '100%',
  padding: '6px 8px',
  border: '1px solid var(--theme-elevation-250)',
  borderRadius: 3,
  background: 'var(--theme-input-bg, var(--theme-elevation-0))',
  color: 'var(--theme-text)',
  marginBottom: 8,
  fontFamily: 'inherit',
}
export const button: CSSProperties = {
  padding: '6px 12px',
  marginRight: 8,
  marginBottom: 8,
  border: '1px solid var(--theme-elevation-400)',
  borderRadius: 3,
  background: 'var(--theme-elevation-100)',
  color: 'var(--theme-text)',
  cursor: 'pointer',
}
export const primary: CSSProperties = { ...button, background: 'var(--theme-success-500, #2c7a3f)', color: '#fff', borderColor: 'transparent' }
export const danger: CSSProperties = { ...button, background: 'var(--theme-error-500, #b3261e)', color: '#fff', borderColor: 'transparent' }
export const error: CSSProperties = { color: 'var(--theme-error-500, #b3261e)', margin: '4px 0 8px' }
export const ok: CSSProperties = { color: 'var(--theme-success-500, #2c7a3f)', margin: '4px 0 8px' }
export const label: CSSProperties = { display: 'block', fontSize: 13, marginBottom: 4 }
