/** The users collection's own endpoints (customer portal account flows). */
import { changePasswordEndpoint } from './change-password'
import { confirmEmailChangeEndpoint, requestEmailChangeEndpoint } from './change-email'
import { verifyAndLoginEndpoint } from './verify-and-login'

export const userEndpoints = [verifyAndLoginEndpoint, changePasswordEndpoint, requestEmailChangeEndpoint, confirmEmailChangeEndpoint]
