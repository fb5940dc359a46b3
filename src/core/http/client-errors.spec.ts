import { clientErrorProblem, clientErrorResponse } from './client-errors';

describe('clientErrorProblem', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_INVALID_METHOD', 400],
    ['HPE_INVALID_HEADER_TOKEN', 400],
    [undefined, 400],
  ])('%s is %d', (code, status) => {
    expect(clientErrorProblem(code).status).toBe(status);
  });
});

describe('clientErrorResponse', () => {
  it('is a whole HTTP answer with a problem-details body of the declared length', () => {
    const text = clientErrorResponse('HPE_HEADER_OVERFLOW', {
      'X-Content-Type-Options': 'nosniff',
    });
    const [head, body] = text.split('\r\n\r\n');
    const lines = head.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        'X-Content-Type-Options: nosniff',
      ]),
    );
    expect(JSON.parse(body)).toMatchObject({
      status: 431,
      title: 'Request Header Fields Too Large',
    });
  });
});
