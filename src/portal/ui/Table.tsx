import type React from 'react'

/** A data table in a scrolling frame; `stack` turns rows into labelled cards on narrow screens (cells need data-label). */
export function Table({ caption, stack, children, captionHidden }: { caption: string; stack?: boolean; captionHidden?: boolean; children: React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={stack ? 'table table--stack' : 'table'}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  )
}
