// One HTTP POST of a webhook body. In strict mode (production) the address actually dialled
// is checked inside the connection's DNS lookup, so DNS cannot be switched to an internal
// address between a check and the connect. Redirects are not followed (a 3xx is a failure).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isBlockedAddress, urlProblem } from './address-rules';

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export function guardedLookup(strict: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const usable = strict ? addresses.filter((a) => !isBlockedAddress(a.address)) : addresses;
      if (usable.length === 0 || usable.length < addresses.length) {
        return callback(new Error(`${hostname} resolves to a blocked address`), '', 4);
      }
      if ((options as { all?: boolean }).all) {
        // Node's happy-eyeballs connect asks for every address.
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      } else {
        callback(null, usable[0].address, usable[0].family);
      }
    });
  };
}

export function postWebhook(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  options: { strict: boolean; timeoutMs: number },
): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const problem = urlProblem(url, options.strict);
  if (problem) return Promise.resolve({ statusCode: null, durationMs: 0, error: problem });
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(body.length) },
    lookup: guardedLookup(options.strict),
    timeout: options.timeoutMs,
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = request(target, requestOptions, (res) => {
      res.resume(); // the answer's body is not needed
      const code = res.statusCode ?? null;
      const ok = code !== null && code >= 200 && code < 300;
      finish({ statusCode: code, error: ok ? null : `answered ${code}` });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (err) => finish({ statusCode: null, error: err.message.slice(0, 300) }));
    req.end(body);
  });
}
