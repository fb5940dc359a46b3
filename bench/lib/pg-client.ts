// One-off Postgres connections for the benches: a bench may drop a database under a client (Ctrl-C
// cleanup), so a connection error must fail the pending query instead of crashing the process.
import { Client } from 'pg';

/** A client whose connection errors (e.g. the database dropped on Ctrl-C) reject its query. */
export function benchClient(url: string): Client {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  return client;
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = benchClient(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
