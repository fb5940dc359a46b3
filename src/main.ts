// The one-process default (`npm start`): HTTP plus the BullMQ consumers, unless WORKERS_IN_API=false.
import 'reflect-metadata';
import { runProcess } from './core/process/run-process';

runProcess('Api', async (config) => {
  const { startApi } = await import('./core/bootstrap.js');
  await startApi(config, config.workersInApi);
});
