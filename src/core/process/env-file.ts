// `.env` in the working directory is loaded when present, so `cp .env.example .env && npm start`
// works without a shell ritual. Variables already set in the environment win over the file.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function loadEnvFileIfPresent(path = resolve(process.cwd(), '.env')): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
