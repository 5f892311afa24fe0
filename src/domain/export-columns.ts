/** Which columns each list's CSV export has (src/domain/export-csv.ts). */
import { stateAt } from './dated-options'
import { optionCode, type Entitlement } from './documents'
import { col, csvExportEndpoint, type CsvColumn } from './export-csv'

const money = (field: string): CsvColumn => ({ header: field, value: (d) => (typeof d[field] === 'number' ? ((d[field] as number) / 100).toFixed(2) : '') })

const day = (iso: string) => iso.slice(0, 10)

/** A controller's dated options as it stands at export time: "THC active until 2027-01-31; AXIS4 ended on 2026-11-30". */
export function datedOptionsText(rows: Entitlement[], now = new Date()): string {
  return rows
    .filter((e) => e.until)
    .map((e) => {
      const code = optionCode(e.option) ?? String(e.option)
      const until = day(e.until ?? '')
      const state = stateAt(e, now)
      if (state === 'ended') return `${code} ended on ${until}`
      if (state === 'awaiting_payment') return `${code} ended on ${until}, ordered again`
      return `${code} ${state} until ${until}`
    })
    .join('; ')
}

const datedOptions: CsvColumn = { header: 'datedOptions', value: (d) => datedOptionsText(Array.isArray(d.entitlements) ? d.entitlements : []) }

export const controllersExport = csvExportEndpoint('controllers', [
  col('id'), col('serial'), col('modelId'), col('model'), col('hardwareId'), col('ownerEmail'), col('claimedAt'),
  col('factoryOptions', 'code'), col('licenseSequence'), col('installedSequence'), col('lastRequestAt'), col('createdAt'),
  datedOptions, col('maintenanceUntil'),
])

export const ordersExport = csvExportEndpoint('orders', [
  col('id'), col('number'), col('status'), col('customer', 'email'), col('controller', 'serial'),
  { header: 'options', value: (d) => ((d.items as { code: string }[] | undefined) ?? []).map((i) => i.code) },
  money('total'), col('currency'), col('paymentReference'), col('statusReason'), col('createdAt'), col('paidAt'), col('paidBy', 'email'),
])

export const licensesExport = csvExportEndpoint('licenses', [
  col('id'), col('licenseId'), col('serial'), col('sequence'), col('options'), col('kid'), col('alg'), col('issuedAt'), col('issuedBy', 'email'),
])

export const usersExport = csvExportEndpoint('users', [col('id'), col('email'), col('name'), col('phone'), col('roles'), col('language'), col('createdAt')])
