import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { onResponseEnd, routeTemplate, UNMATCHED_ROUTE } from './route-label';

function fakeResponse(
  statusCode: number,
): EventEmitter & { statusCode: number; writableFinished: boolean } {
  return Object.assign(new EventEmitter(), { statusCode, writableFinished: false });
}

describe('routeTemplate', () => {
  it('gives the matched template, never the URL', () => {
    const req = {
      baseUrl: '',
      route: { path: '/api/v1/programs/:idOrCode' },
      originalUrl: '/api/v1/programs/HW?x=1',
    };
    expect(routeTemplate(req as unknown as Request)).toBe('/api/v1/programs/:idOrCode');
  });

  it('says unmatched when no route matched', () => {
    expect(routeTemplate({ baseUrl: '' } as Request)).toBe(UNMATCHED_ROUTE);
  });
});

describe('onResponseEnd', () => {
  it('reports the sent status once, even when close follows finish', () => {
    const res = fakeResponse(201);
    const seen: number[] = [];
    onResponseEnd(res as unknown as Response, (s) => seen.push(s));
    res.writableFinished = true;
    res.emit('finish');
    res.emit('close');
    expect(seen).toEqual([201]);
  });

  it('reports 499 when the client goes away before the answer is sent', () => {
    const res = fakeResponse(200);
    const seen: number[] = [];
    onResponseEnd(res as unknown as Response, (s) => seen.push(s));
    res.emit('close');
    expect(seen).toEqual([499]);
  });
});
