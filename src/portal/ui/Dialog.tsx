'use client'
/**
 * A modal dialog on the native <dialog> element: the browser traps focus, Escape closes it and
 * focus returns to the opener. `onClose` runs however it was closed.
 */
import type React from 'react'
import { useEffect, useId, useRef } from 'react'

export function Dialog({
  open,
  onClose,
  title,
  closeLabel,
  children,
}: {
  open: boolean
  onClose: () => void
  title: string
  closeLabel: string
  children: React.ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  // Closing the element from code (open became false) also fires 'close'; only a close the user made
  // (Escape, the form's method=dialog) should reach onClose, or opening one dialog as another closes
  // would shut the new one too.
  const openRef = useRef(open)
  openRef.current = open
  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (open && !el.open) el.showModal()
    if (!open && el.open) el.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (openRef.current) onClose()
      }}
    >
      {open ? (
        <>
          <div className="dialog__head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="dialog__close" aria-label={closeLabel} onClick={onClose}>
              ×
            </button>
          </div>
          <div className="dialog__body">{children}</div>
        </>
      ) : null}
    </dialog>
  )
}
