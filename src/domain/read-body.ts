import { addDataAndFileToRequest, type PayloadRequest } from 'payload'

import { badRequest } from './errors'

/** The JSON (or admin form `_payload`) body of a custom endpoint request, as an object; 400 otherwise. */
export async function readBody(req: PayloadRequest): Promise<Record<string, unknown>> {
  try {
    await addDataAndFileToRequest(req)
  } catch {
    throw badRequest('The request body is not valid JSON.')
  }
  const data = req.data
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw badRequest('The request body must be a JSON object.')
  return data as Record<string, unknown>
}

export function requireUser(req: PayloadRequest) {
  if (!req.user) {
    const err = badRequest('Please log in first.')
    err.status = 401
    throw err
  }
  return req.user
}
