import { APIError, type CollectionBeforeChangeHook, type CollectionBeforeDeleteHook } from 'payload'

/** An audit entry records what happened: nobody changes or deletes it, not even trusted server code. */
export const refuseAuditUpdate: CollectionBeforeChangeHook = ({ operation, data }) => {
  if (operation === 'update') throw new APIError('Audit log entries cannot be changed.', 403, undefined, true)
  return data
}

export const refuseAuditDelete: CollectionBeforeDeleteHook = () => {
  throw new APIError('Audit log entries cannot be deleted.', 403, undefined, true)
}
