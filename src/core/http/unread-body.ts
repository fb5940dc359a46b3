// A request refused before its body was read (413 from the declared length, 415, 429) or part
// way through it (413 past the limit, 400) must still leave the client able to read the answer.
// Closing the connection while the client is still sending makes the kernel reset it, and the
// client (Node's fetch among them) reports EPIPE or ECONNRESET instead of the answer. So the
// rest of the body is read and dropped, within bounds, and the connection is closed only when
// the client has sent everything, or at once when what it declared is beyond the bound. A client
// that keeps sending past the bound, or for longer than allowed, is cut off: the bound is what an
// attacker can make the server read for nothing, and it costs no memory or disk.
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';

export const UNREAD_BODY_DRAIN = {
  /** Body bytes read and dropped after a refusal, at most. */
  bytes: 32 * 1024 * 1024,
  /** How long the rest of a refused body may take to arrive. */
  ms: 15_000,
};

/**
 * Call when answering, with `err`, a request whose body has not been read to its end. The answer
 * goes out at once; the rest of the body is drained (bounded) so the client can read it.
 */
export function drainUnreadBody(
  req: Request,
  res: Response,
  err: unknown,
  limits = UNREAD_BODY_DRAIN,
): void {
  if (req.complete || req.destroyed) return;
  const declared = Number(req.headers['content-length']);
  const stalled = err instanceof DomainError && err.code === 'request_timeout';
  if (stalled || (Number.isFinite(declared) && declared > limits.bytes)) {
    // A client that went silent is not waited for again; too much to drain is not read: answer
    // and close.
    res.setHeader('Connection', 'close');
    return;
  }
  // Whoever was reading (a multipart parser, an upload loop) has given up: detach them, so that
  // the stream flows into the void below instead of waiting on them.
  req.unpipe();
  req.removeAllListeners('readable');
  req.removeAllListeners('data');
  let left = limits.bytes;
  const cutOff = () => req.socket.destroy();
  const timer = setTimeout(cutOff, limits.ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) {
      done();
      cutOff();
    }
  });
  req.once('end', done);
  req.once('close', done);
  req.on('error', done);
  req.resume();
}
