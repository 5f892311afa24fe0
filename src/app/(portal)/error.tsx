'use client'
/** Shown when a portal page fails to render; bilingual because the language is not known here. */
export default function PortalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="container page narrow stack">
      <h1>Something went wrong · Что-то пошло не так</h1>
      <p>The page could not be shown. Please try again. · Страницу не удалось показать. Повторите попытку.</p>
      <button type="button" className="btn btn--primary" onClick={() => reset()}>
        Try again · Повторить
      </button>
    </div>
  )
}
