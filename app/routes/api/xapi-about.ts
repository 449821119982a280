import { XAPI_VERSION } from '~/progress/xapi'
import { xapiResponse } from '~/progress/xapi.server'

// GET /api/xapi/about — how LRS software checks which xAPI version we speak.
// Public, as the xAPI About Resource is.
export async function loader() {
  return xapiResponse({ version: [XAPI_VERSION] })
}
