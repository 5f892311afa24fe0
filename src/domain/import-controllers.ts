/**
 * Factory registration in bulk: a CSV of controllers (serial, model id, model, hardware id, factory
 * option codes separated by ";" or spaces). Every row is checked before anything is written; one bad
 * row means nothing is imported. If a write still fails midway, the controllers this import created are
 * deleted again.
 */
import type { Payload, PayloadRequest } from 'payload'

import { isStaff } from '@/access/roles'
import { cleanHardwareId } from './hardware-id'
import { detectDelimiter, parseCsv } from './csv'
import { badRequest, forbidden } from './errors'
import { withLock } from './keyed-mutex'

export const MAX_IMPORT_ROWS = 5000

export interface ImportRow {
  row: number
  serial: string
  modelId: number
  model: string
  hardwareId: string
  factoryOptions: string[]
}

export interface ImportError {
  row: number
  field: string
  message: string
}

export interface ImportResult {
  rows: ImportRow[]
  errors: ImportError[]
  created: number
  dryRun: boolean
}

const HEADER = /^(serial|serial number|серийный номер)$/i

function checkRow(line: number, cells: string[], errors: ImportError[]): ImportRow {
  const [serial = '', modelIdText = '', model = '', hardwareRaw = '', optionsText = '', ...extra] = cells
  const err = (field: string, message: string) => errors.push({ row: line, field, message })
  if (extra.some((c) => c !== '')) err('row', `Expected 5 columns (serial, model id, model, hardware id, factory options); found ${cells.length}.`)
  if (!/^(0|[1-9]\d{0,9})$/.test(serial) || Number(serial) > 0xffffffff) err('serial', `Serial "${serial.slice(0, 20)}": a whole number from 0 to 4294967295.`)
  const modelId = Number(modelIdText)
  if (!/^\d{1,5}$/.test(modelIdText) || modelId > 65535) err('modelId', `Model id "${modelIdText.slice(0, 20)}": a whole number from 0 to 65535.`)
  if (!model) err('model', 'Model: the model name is missing.')
  else if (model.length > 80) err('model', 'Model: at most 80 characters.')
  const hardwareId = cleanHardwareId(hardwareRaw)
  if (!/^[0-9a-f]{32}$/.test(hardwareId)) err('hardwareId', `Hardware id "${hardwareRaw.slice(0, 40)}": 32 hexadecimal digits (0-9, a-f).`)
  const factoryOptions = [...new Set(optionsText.split(/[;\s]+/).filter(Boolean).map((c) => c.toUpperCase()))]
  return { row: line, serial, modelId, model, hardwareId, factoryOptions }
}

async function checkAgainstDatabase(payload: Payload, rows: ImportRow[], errors: ImportError[]) {
  const firstSeen = new Map<string, number>()
  for (const r of rows) {
    for (const [field, value] of [['serial', r.serial], ['hardwareId', r.hardwareId]] as const) {
      const key = `${field}:${value}`
      const seen = firstSeen.get(key)
      if (seen !== undefined) errors.push({ row: r.row, field, message: `${field === 'serial' ? 'Serial' : 'Hardware id'} ${value} is also on row ${seen} of this file.` })
      else firstSeen.set(key, r.row)
    }
  }
  const chunks = <T,>(list: T[]) => Array.from({ length: Math.ceil(list.length / 200) }, (_, i) => list.slice(i * 200, i * 200 + 200))
  for (const [field, values] of [['serial', rows.map((r) => r.serial)], ['hardwareId', rows.map((r) => r.hardwareId)]] as const) {
    for (const chunk of chunks(values)) {
      const found = await payload.find({ collection: 'controllers', where: { [field]: { in: chunk } }, limit: 0, pagination: false, depth: 0, overrideAccess: true })
      const taken = new Set(found.docs.map((d) => String(d[field])))
      for (const r of rows) {
        if (taken.has(r[field])) errors.push({ row: r.row, field, message: `${field === 'serial' ? 'Serial' : 'Hardware id'} ${r[field]} is already registered.` })
      }
    }
  }
  const codes = [...new Set(rows.flatMap((r) => r.factoryOptions))]
  const options = codes.length
    ? await payload.find({ collection: 'options', where: { code: { in: codes } }, limit: 0, pagination: false, depth: 0, overrideAccess: true })
    : { docs: [] }
  const byCode = new Map(options.docs.map((o) => [o.code, o]))
  for (const r of rows) {
    for (const code of r.factoryOptions) {
      const o = byCode.get(code)
      if (!o) errors.push({ row: r.row, field: 'factoryOptions', message: `Option ${code} is not in the catalogue.` })
      else if (!(o.modelIds ?? []).includes(r.modelId)) errors.push({ row: r.row, field: 'factoryOptions', message: `Option ${code} does not fit model id ${r.modelId}.` })
    }
  }
  return byCode
}

export async function importControllers(payload: Payload, req: PayloadRequest, csv: unknown, dryRun: boolean): Promise<ImportResult> {
  if (!isStaff(req.user)) throw forbidden('Only managers and administrators register controllers.')
  if (typeof csv !== 'string' || csv.trim() === '') throw badRequest('Paste or upload the CSV: serial, model id, model, hardware id, factory options.')
  const parsed = parseCsv(csv.replace(/^\uFEFF/, ''), detectDelimiter(csv))
  const body = parsed.length && HEADER.test(parsed[0].cells[0] ?? '') ? parsed.slice(1) : parsed
  if (body.length === 0) throw badRequest('The CSV has no controller rows.')
  if (body.length > MAX_IMPORT_ROWS) throw badRequest(`At most ${MAX_IMPORT_ROWS} rows per import; split the file.`)
  const errors: ImportError[] = []
  const rows = body.map((r) => checkRow(r.line, r.cells, errors))

  return withLock('controllers:import', async () => {
    const byCode = await checkAgainstDatabase(payload, rows, errors)
    errors.sort((a, b) => a.row - b.row)
    if (errors.length || dryRun) return { rows, errors, created: 0, dryRun }
    const created: (string | number)[] = []
    try {
      for (const r of rows) {
        const doc = await payload.create({
          collection: 'controllers',
          overrideAccess: true,
          depth: 0,
          data: { serial: r.serial, modelId: r.modelId, model: r.model, hardwareId: r.hardwareId, factoryOptions: r.factoryOptions.map((c) => byCode.get(c)!.id) },
        })
        created.push(doc.id)
      }
    } catch (err) {
      const failedRow = rows[created.length]
      for (const id of created) {
        await payload.delete({ collection: 'controllers', id, overrideAccess: true }).catch((e) => payload.logger.error({ err: e, id }, 'could not undo a controller import'))
      }
      const message = err instanceof Error ? err.message : String(err)
      return { rows, errors: [{ row: failedRow?.row ?? 0, field: 'row', message: `Could not save this row (${message}); nothing was imported.` }], created: 0, dryRun }
    }
    return { rows, errors: [], created: created.length, dryRun }
  })
}
