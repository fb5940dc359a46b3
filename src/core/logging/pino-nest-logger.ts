// Nest's LoggerService on top of pino, so Nest's own lines (start-up, errors) are JSON too.
// Installed as the static logger as soon as config is loaded (see app/bootstrap).
import { Logger, type LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { createRootLogger, scrubPersonalData } from './logger';
import { requestContext } from './request-context';

/** Nest's own start-up lines (one per module, route and mapping): debug, not info. */
const BOOTSTRAP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/** An error's name and scrubbed message and stack; never its other fields (pg errors carry row values). */
function errorFields(err: Error): Record<string, string> {
  return {
    name: err.name,
    message: scrubPersonalData(err.message),
    stack: scrubPersonalData(err.stack ?? ''),
  };
}

/** `{event, msg, ...fields}`: what our own code logs as a structured event. */
function isEvent(message: unknown): message is { event: string; msg: string } {
  const m = message as { event?: unknown; msg?: unknown } | null;
  return (
    typeof m === 'object' && m !== null && typeof m.event === 'string' && typeof m.msg === 'string'
  );
}

export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes `(message, context)` or, for errors, `(message, stack, context)`. */
  private write(asked: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : '';
    const level = asked === 'info' && BOOTSTRAP_CONTEXTS.has(String(context)) ? 'debug' : asked;
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const reqId = requestContext.getStore()?.reqId;
    if (reqId) fields.reqId = reqId;
    const stack = rest.find((p): p is string => typeof p === 'string' && /\n\s+at /.test(p));
    if (stack) fields.stack = scrubPersonalData(stack);
    const error = message instanceof Error ? message : rest.find((p) => p instanceof Error);
    if (error instanceof Error) fields.err = errorFields(error);
    if (message instanceof Error) {
      this.pino[level](fields, scrubPersonalData(message.message));
    } else if (isEvent(message)) {
      // An event line: its fields at the top level (ids, counts, durations), `msg` as message.
      const { msg, ...rest } = message;
      const eventFields: Record<string, unknown> = rest;
      for (const [key, value] of Object.entries(eventFields)) {
        if (typeof value === 'string') eventFields[key] = scrubPersonalData(value);
      }
      this.pino[level]({ ...eventFields, ...fields }, scrubPersonalData(msg));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, data: message });
    } else {
      this.pino[level](fields, scrubPersonalData(String(message)));
    }
  }
}

let installed: PinoNestLogger | undefined;

/** Makes every `new Logger(...)` in the process write JSON at LOG_LEVEL; returns the logger. */
export function installJsonLogger(level: string): PinoNestLogger {
  if (!installed || installed.pino.level !== level) {
    installed = new PinoNestLogger(createRootLogger(level));
  }
  Logger.overrideLogger(installed);
  return installed;
}
