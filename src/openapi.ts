// `node dist/openapi.js [file]`: writes the OpenAPI document (the one served at /api/docs-json)
// without a database or Redis: Nest's preview mode builds the module graph only. Used by
// `npm run gen:api-types`, which turns it into TypeScript types for clients.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';

// Settings are validated at module load (decorator options): give the preview harmless ones.
process.env.DATABASE_URL ??= 'postgres://preview@127.0.0.1:5432/preview';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.JWT_SECRET ??= 'openapi-preview-only-secret';

async function main(): Promise<void> {
  const { NestFactory } = await import('@nestjs/core');
  const { ApiAppModule } = await import('./app/api-app.module.js');
  const { buildOpenApiDocument } = await import('./core/http/openapi.js');
  const app = await NestFactory.create(ApiAppModule.register({ withWorkers: false }), {
    preview: true,
    logger: false,
  });
  const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  const file = process.argv[2];
  if (file) writeFileSync(file, json);
  else process.stdout.write(json);
  await app.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
