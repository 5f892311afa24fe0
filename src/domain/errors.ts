import { APIError } from 'payload'

/** A 4xx the customer can act on: the message is shown to them as it is. */
export class ClientError extends APIError {
  constructor(message: string, status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429, data?: Record<string, unknown>) {
    super(message, status, data, true)
    this.name = 'ClientError'
  }
}

export const badRequest = (m: string, data?: Record<string, unknown>) => new ClientError(m, 400, data)
export const forbidden = (m = 'You are not allowed to do that.') => new ClientError(m, 403)
export const notFound = (m: string) => new ClientError(m, 404)
export const conflict = (m: string) => new ClientError(m, 409)
export const unprocessable = (m: string, data?: Record<string, unknown>) => new ClientError(m, 422, data)
