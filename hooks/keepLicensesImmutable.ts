import { APIError, type CollectionBeforeChangeHook, type CollectionBeforeDeleteHook } from 'payload'

/** An issued license is a fact: nobody changes or deletes it, not even trusted server code. */
export const refuseLicenseUpdate: CollectionBeforeChangeHook = ({ operation, data }) => {
  if (operation === 'update') throw new APIError('Issued licenses cannot be changed; issue a new one instead.', 403, undefined, true)
  return data
}

export const refuseLicenseDelete: CollectionBeforeDeleteHook = () => {
  throw new APIError('Issued licenses cannot be deleted.', 403, undefined, true)
}
