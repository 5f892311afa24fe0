/** The users collection's own endpoints (customer portal account flows). */
import { changePasswordEndpoint } from './change-password'
import { loginEndpoint } from './login'
import { confirmEmailChangeEndpoint, requestEmailChangeEndpoint } from './change-email'
import { verifyAndLoginEndpoint } from './verify-and-login'
import { confirmClosureEndpoint, requestClosureEndpoint, staffCloseEndpoint } from './closure'
import { exportEndpoint } from './export'
import { registerEndpoint } from './register'
import { sendPasswordResetEndpoint } from './send-password-reset'

// loginEndpoint and registerEndpoint first: they take the place of Payload's built-in POST /login and POST /
// (its create route; Payload's other ways into create are closed in the collection's access and disableDuplicate).
export const userEndpoints = [
  loginEndpoint,
  registerEndpoint,
  sendPasswordResetEndpoint,
  verifyAndLoginEndpoint,
  changePasswordEndpoint,
  requestEmailChangeEndpoint,
  confirmEmailChangeEndpoint,
  exportEndpoint,
  requestClosureEndpoint,
  confirmClosureEndpoint,
  staffCloseEndpoint,
]
