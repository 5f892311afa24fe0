/** Which columns each list's CSV export has (src/domain/export-csv.ts). */
import { col, csvExportEndpoint, type CsvColumn } from './export-csv'

const money = (field: string): CsvColumn => ({ header: field, value: (d) => (typeof d[field] === 'number' ? ((d[field] as number) / 100).toFixed(2) : '') })

export const controllersExport = csvExportEndpoint('controllers', [
  col('id'), col('serial'), col('modelId'), col('model'), col('hardwareId'), col('ownerEmail'), col('claimedAt'),
  col('factoryOptions', 'code'), col('licenseSequence'), col('installedSequence'), col('lastRequestAt'), col('createdAt'),
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
