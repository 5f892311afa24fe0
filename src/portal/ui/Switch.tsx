'use client'
/** An on/off switch that screen readers announce as a switch (role=switch, aria-checked). */
export function Switch({
  checked,
  onChange,
  disabled,
  labelledBy,
  describedBy,
  id,
}: {
  checked: boolean
  onChange?: (next: boolean) => void
  disabled?: boolean
  labelledBy: string
  describedBy?: string
  id?: string
}) {
  return (
    <button
      type="button"
      role="switch"
      id={id}
      className="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange?.(!checked)}
    >
      <span className="switch__track" aria-hidden="true">
        <span className="switch__thumb" />
      </span>
    </button>
  )
}
