// The real @phala/cloud SDK (0.2.9) pointed at a server.
import { createClient } from '@phala/cloud';

export function sdkClient(server, { apiKey = server.apiKey } = {}) {
  return createClient({ baseURL: server.apiPrefix, apiKey });
}
