/** The users collection's own endpoints (customer portal account flows). */
import { changePasswordEndpoint } from './change-password'
import { loginEndpoint } from './login'
import { confirmEmailChangeEndpoint, requestEmailChangeEndpoint } from './change-email'
import { verifyAndLoginEndpoint } from './verify-and-login'
import { confirmClosureEndpoint, requestClosureEndpoint, staffCloseEndpoint } from './closure'
import { exportEndpoint } from './export'

// loginEndpoint first: it takes the place of Payload's built-in POST /login (same operation, serialised per account).
export const userEndpoints = [
  loginEndpoint,
  verifyAndLoginEndpoint,
  changePasswordEndpoint,
  requestEmailChangeEndpoint,
  confirmEmailChangeEndpoint,
  exportEndpoint,
  requestClosureEndpoint,
  confirmClosureEndpoint,
  staffCloseEndpoint,
]
