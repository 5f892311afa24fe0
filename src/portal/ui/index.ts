/** The portal design system: every page builds from these (styles in tokens.css and components.css). */
export { Alert } from './Alert'
export { Badge, orderStatusTone } from './Badge'
export { Button, ButtonLink, buttonClass } from './Button'
export { Card, Facts, PageHeader } from './Card'
export { CheckField, SelectField, TextAreaField, TextField } from './Field'
export { Table } from './Table'
