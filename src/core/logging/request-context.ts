// The request a line is logged for. The request-logging middleware runs the rest of each
// request inside this store, so every line logged while answering it (by any `new Logger(…)`,
// in a service or a repository, `import.accepted` included) carries its `reqId`: the
// per-request logger context nestjs-pino gives, on the JSON logger we already have.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  reqId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
