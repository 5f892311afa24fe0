import Link from 'next/link'
import type React from 'react'

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger'

interface Common {
  variant?: Variant
  small?: boolean
  block?: boolean
  className?: string
}

export const buttonClass = ({ variant = 'primary', small, block, className }: Common) =>
  ['btn', `btn--${variant}`, small && 'btn--small', block && 'btn--block', className].filter(Boolean).join(' ')

/** A button; `busy` shows a spinner, keeps the label readable and blocks double submits. */
export function Button({
  variant,
  small,
  block,
  className,
  busy,
  children,
  type = 'button',
  disabled,
  ...rest
}: Common & React.ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean }) {
  return (
    <button type={type} className={buttonClass({ variant, small, block, className })} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  )
}

/** A link that looks like a button (navigation stays a link for screen readers and new tabs). */
export function ButtonLink({ variant, small, block, className, href, children, ...rest }: Common & { href: string } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return (
    <Link href={href} className={buttonClass({ variant, small, block, className })} {...rest}>
      {children}
    </Link>
  )
}
