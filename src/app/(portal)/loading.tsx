/** Shown while a portal page's data loads (streamed first, replaced by the page). */
export default function Loading() {
  return (
    <div className="container page" aria-busy="true">
      <p className="row muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading · Загрузка…
      </p>
    </div>
  )
}
