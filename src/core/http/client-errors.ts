// Requests Node's HTTP parser refuses before Express ever sees them (headers over Node's 16 KiB
// limit, a 100,000-character URL, malformed request lines, a request that took too long to
// arrive) get problem details too, instead of Node's bare status line. The answer is written
// straight to the socket, which is then closed: the parser has given up on this connection.
// The security headers every answer carries go with it. Nothing from the request is echoed.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem } from './problem-details.filter';

interface ClientError extends Error {
  code?: string;
}

/** What Node's own default answer would have been, with a readable reason. */
export function clientErrorProblem(code: string | undefined): { status: number; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        detail: 'The request line and headers are too large (the URL counts: shorten it)',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, detail: 'The chunk extensions of the request body are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: 'The request did not arrive in time' };
    default:
      return { status: 400, detail: 'The request is not valid HTTP' };
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

/** The whole HTTP/1.1 answer: status line, headers (security headers included) and body. */
export function clientErrorResponse(
  code: string | undefined,
  securityHeaders: Record<string, string>,
): string {
  const { status, detail } = clientErrorProblem(code);
  const body = JSON.stringify(problem(status, detail, '/'));
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...securityHeaders,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${REASONS[status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A socket with the response Node is writing on it, if any (not in Node's public types). */
type ClientSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

/** After answering, what the client may still send is read and dropped, up to these bounds. */
export const CLIENT_ERROR_DRAIN = { bytes: 1024 * 1024, ms: 5000 };

/**
 * Reads and drops what the client is still sending, so that closing the connection with unread
 * data (which makes the kernel send a reset) cannot wipe the answer out before the client reads
 * it; past the bounds, or once the client has read and closed, the socket goes.
 */
function drainThenClose(socket: Duplex): void {
  // The parser has failed: Node's own data handler would only feed it again.
  socket.removeAllListeners('data');
  let left = CLIENT_ERROR_DRAIN.bytes;
  const timer = setTimeout(() => socket.destroy(), CLIENT_ERROR_DRAIN.ms);
  timer.unref();
  socket.on('close', () => clearTimeout(timer));
  socket.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) socket.destroy();
  });
  socket.resume();
}

export function installClientErrorProblems(
  server: Server,
  securityHeaders: Record<string, string>,
): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (err: ClientError, socket: ClientSocket) => {
    if (answered.has(socket)) return;
    // A peer that went away, or a connection already answering, gets nothing more written.
    if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    socket.end(clientErrorResponse(err.code, securityHeaders));
    drainThenClose(socket);
  });
}
