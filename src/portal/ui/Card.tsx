import type React from 'react'

export function Card({ title, children, headingLevel = 2, id }: { title?: React.ReactNode; children: React.ReactNode; headingLevel?: 2 | 3; id?: string }) {
  const H = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section className="card" aria-labelledby={title && id ? `${id}-title` : undefined}>
      {title ? (
        <H className="card__title" id={id ? `${id}-title` : undefined}>
          {title}
        </H>
      ) : null}
      {children}
    </section>
  )
}

export function PageHeader({ title, lead, actions, breadcrumb }: { title: React.ReactNode; lead?: React.ReactNode; actions?: React.ReactNode; breadcrumb?: React.ReactNode }) {
  return (
    <header className="page-header">
      {breadcrumb ? <nav className="breadcrumb no-print" aria-label="Breadcrumb">{breadcrumb}</nav> : null}
      <div className="page-header__row">
        <h1>{title}</h1>
        {actions ? <div className="row no-print">{actions}</div> : null}
      </div>
      {lead ? <p>{lead}</p> : null}
    </header>
  )
}

export function Facts({ items }: { items: Array<[React.ReactNode, React.ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v], i) => (
        <div key={i} className="facts__row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}
