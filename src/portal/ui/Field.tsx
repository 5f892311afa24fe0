/**
 * Labelled form controls. Each takes an id; the hint and the error are tied to the control with
 * aria-describedby, and an error sets aria-invalid.
 */
import type React from 'react'

interface FieldBase {
  id: string
  label: React.ReactNode
  hint?: React.ReactNode
  error?: string | null
}

function describedBy(id: string, hint?: unknown, error?: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
}

function Extras({ id, hint, error }: { id: string; hint?: React.ReactNode; error?: string | null }) {
  return (
    <>
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </>
  )
}

export function TextField({ id, label, hint, error, ...input }: FieldBase & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Extras id={id} hint={hint} error={error} />
    </div>
  )
}

export function TextAreaField({ id, label, hint, error, ...input }: FieldBase & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} className="textarea" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Extras id={id} hint={hint} error={error} />
    </div>
  )
}

export function SelectField({
  id,
  label,
  hint,
  error,
  options,
  ...select
}: FieldBase & { options: { value: string; label: string }[] } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  )
}

export function CheckField({ id, label, hint, error, ...input }: FieldBase & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <div className="check">
        <input id={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      <Extras id={id} hint={hint} error={error} />
    </div>
  )
}
