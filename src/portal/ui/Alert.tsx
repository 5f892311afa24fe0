import type React from 'react'

export type Tone = 'info' | 'success' | 'warning' | 'error'

/** A message box. Errors are announced at once (role=alert), the rest politely (role=status). */
export function Alert({ tone = 'info', title, children, id }: { tone?: Tone; title?: string; children?: React.ReactNode; id?: string }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} id={id}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children}
    </div>
  )
}
