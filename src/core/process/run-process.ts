// The frame of every entry point: load `.env`, validate the whole configuration (a bad value:
// one line on stderr naming the variable, exit 1), then load the app's modules and start.
// App modules are loaded only after validation, because a few settings are read while they
// load (decorator options). A start-up failure after that is one JSON line and exit 1, never
// a stack on stderr.
import { Logger } from '@nestjs/common';
import { type AppConfig, ConfigError, startupConfig } from '../config/app-config';
import { servicesLine, servicesSummary } from '../config/services-summary';
import { installJsonLogger } from '../logging/pino-nest-logger';
import { loadEnvFileIfPresent } from './env-file';

/** A start-up failure the operator can act on: its message is the whole story (no stack). */
export class StartupError extends Error {}

export function exitWithLine(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function loadConfigOrExit(): AppConfig {
  try {
    // Memoized: later reads (decorator options) see exactly what was validated here.
    const config = startupConfig();
    installJsonLogger(config.logLevel);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) exitWithLine(err.message);
    throw err;
  }
}

// Until the graceful shutdown is installed, a signal stops start-up at once (a start-up waiting
// on an unreachable service must never ignore SIGTERM).
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
function stopDuringStartup(signal: NodeJS.Signals): void {
  new Logger('Process').log(`${signal} during start-up: exiting`);
  setImmediate(() => process.exit(0));
}

/** Called once the graceful shutdown handles signals. */
export function startupComplete(): void {
  for (const signal of SIGNALS) process.removeListener(signal, stopDuringStartup);
}

export function runProcess(
  name: string,
  main: (config: AppConfig) => Promise<void>,
  before?: () => Promise<void>,
): void {
  const run = async (): Promise<void> => {
    // JSON from the first line, even for a failure before the configuration is read.
    installJsonLogger('info');
    for (const signal of SIGNALS) process.on(signal, stopDuringStartup);
    loadEnvFileIfPresent();
    if (before) await before();
    const config = loadConfigOrExit();
    new Logger(name).log({ event: 'starting', msg: `starting (NODE_ENV ${config.nodeEnv})` });
    // Which services, before touching them: two instances on one Redis show their prefixes.
    const services = servicesSummary(config.databaseUrl, config.redisUrl, config.redisPrefix);
    new Logger(name).log({ event: 'services', ...services, msg: servicesLine(services) });
    await main(config);
  };
  run().catch((err: unknown) => {
    if (err instanceof ConfigError) exitWithLine(err.message);
    const logger = new Logger(name);
    if (err instanceof StartupError) logger.fatal(`start-up failed: ${err.message}`);
    else logger.fatal('start-up failed', err instanceof Error ? err : new Error(String(err)));
    // Let pino flush the line before leaving.
    setImmediate(() => process.exit(1));
  });
}
