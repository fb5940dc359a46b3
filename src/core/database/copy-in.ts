// Streams prepared COPY text into a table on the caller's connection (and transaction).
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * `COPY target FROM STDIN` with `data` as one chunk: data encoded in one buffer costs far less
 * than thousands of tiny stream chunks.
 */
export async function copyIn(client: PoolClient, target: string, data: Buffer): Promise<void> {
  await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}
