// The container runs node itself (exec form) under an init, on a Node LTS that package.json's
// `engines` admits: with `npm run …` as the command, SIGTERM stopped npm and node was killed
// without its graceful shutdown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('Dockerfile and docker-compose.yml', () => {
  const dockerfile = read('Dockerfile');
  const compose = read('docker-compose.yml');

  it('runs node on Node 22 or 24 LTS under tini, in exec form', () => {
    const images = [...dockerfile.matchAll(/^FROM (node:\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:(22|24)[-.]/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.api\.js"\]$/m);
  });

  it('starts api, worker and seed with node directly, never through npm', () => {
    const commands = [...compose.matchAll(/^\s+command: (\[.*\])$/gm)].map(
      (m) => JSON.parse(m[1]) as string[],
    );
    const app = commands.filter((c) => c[0] !== 'redis-server');
    expect(app.map((c) => c[c.length - 1])).toEqual([
      'dist/main.api.js',
      'dist/main.worker.js',
      'dist/seed.js',
    ]);
    for (const command of app) expect(command[0]).toBe('node');
  });

  it('declares in engines the Node versions it is tested and shipped on', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toMatch(/\^20\.19/);
    expect(pkg.engines.node).toMatch(/\^22\./);
  });
});

describe('docker-compose.yml secrets', () => {
  const compose = read('docker-compose.yml');

  it('carries no secret of its own: each comes from .env and is required', () => {
    for (const name of [
      'JWT_SECRET',
      'WEBHOOK_SECRET_KEY',
      'ADMIN_PASSWORD',
      'POSTGRES_PASSWORD',
    ]) {
      const uses = [...compose.matchAll(new RegExp(`^\\s+${name}: (.*)$`, 'gm'))].map((m) => m[1]);
      for (const value of uses) expect(value).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    }
    expect(compose).toContain(':${POSTGRES_PASSWORD:?');
    expect(compose).not.toMatch(/^[^#]*change-me/m);
  });
});

describe('.nvmrc', () => {
  it('recommends a Node LTS that engines admits and the image runs', () => {
    const major = read('.nvmrc').trim();
    expect(['22', '24']).toContain(major);
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toContain(`^${major}.`);
    expect(read('Dockerfile')).toMatch(new RegExp(`^FROM node:${major}-`, 'm'));
  });
});
