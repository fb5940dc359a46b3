// Consumers only: an application context with no HTTP server. Run M of these.
import 'reflect-metadata';
import { runProcess } from './core/process/run-process';

runProcess('Worker', async (config) => {
  const { startWorker } = await import('./app/bootstrap.js');
  await startWorker(config);
});
