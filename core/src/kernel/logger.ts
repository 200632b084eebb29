import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from '../observability/request-info.js';
import type { Config } from './config.js';

export type { Logger };

/** `destination`: where lines go instead of stdout (tests capture them). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token'],
        remove: true,
      },
      // Every line written while serving a request names it, and its tenant once resolved.
      mixin() {
        const request = currentRequest();
        return request ? { reqId: request.id, tenant: request.tenant } : {};
      },
    },
    destination,
  );
}
