// Structured JSON logs with pino. One root logger per process, level from LOG_LEVEL.
// What must never reach a log line: request bodies, query strings, credentials, and CNIC,
// phone, email or date of birth. Callers log ids, codes and counts; `redact` and
// `scrubPersonalData` are the safety net for what slips through.
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'password',
  'cnic',
  'phone',
  'email',
  'dateOfBirth',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.key',
  '*.cnic',
  '*.phone',
  '*.email',
  '*.dateOfBirth',
];

export function createRootLogger(level: string): Logger {
  // Synchronous writes to stdout: the request logger and the app's logger are two pino
  // instances on one descriptor, and a line must never overtake one logged before it (nor be
  // lost by process.exit at the end of a shutdown).
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

const CNIC = /\b\d{5}-?\d{7}-?\d\b/g;
const EMAIL = /[^\s@"'<>()]+@[^\s@"'<>()]+\.[A-Za-z]{2,}/g;
const PHONE = /(?:\+92|0092|\b0)3\d{2}[- ]?\d{7}\b/g;

/** Masks anything shaped like a CNIC, email or Pakistani mobile number in free text. */
export function scrubPersonalData(text: string): string {
  return text.replace(CNIC, '[cnic]').replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}
