/** The PUMOTIX wordmark, inline so it costs no request. */
export function Logo({ title = 'PUMOTIX' }: { title?: string }) {
  return (
    <svg viewBox="0 0 148 24" role="img" aria-label={title} focusable="false">
      <rect x="1" y="3" width="18" height="18" rx="3" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M6 16V8h4.5a2.5 2.5 0 0 1 0 5H6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" />
      <text x="26" y="19" fill="currentColor" fontFamily="system-ui, 'Segoe UI', Roboto, Arial, sans-serif" fontSize="18" fontWeight="700" letterSpacing="2.4">
        PUMOTIX
      </text>
    </svg>
  )
}
