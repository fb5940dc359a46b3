// The one-process default (`npm start`): HTTP plus the BullMQ consumers, unless WORKERS_IN_API=false.
// Without DATABASE_URL outside production it brings its own services (core/local-services).
import 'reflect-metadata';
import type { LocalMode } from './core/local-services/local-mode';
import { runProcess } from './core/process/run-process';

let local: LocalMode | null = null;

runProcess(
  'Api',
  async (config) => {
    const { startApi } = await import('./app/bootstrap.js');
    const services = local;
    const { port } = await startApi(config, config.workersInApi, {
      afterClose: services ? () => services.stop() : undefined,
    });
    if (services) {
      const { welcomeLocal } = await import('./seed/welcome.js');
      await welcomeLocal(services, port);
    }
  },
  async () => {
    const { startLocalServicesIfWanted } = await import('./core/local-services/local-mode.js');
    local = await startLocalServicesIfWanted();
  },
);
