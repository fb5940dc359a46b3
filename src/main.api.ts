// HTTP only: production runs N of these behind a load balancer.
import 'reflect-metadata';
import { runProcess } from './core/process/run-process';

runProcess('Api', async (config) => {
  const { startApi } = await import('./app/bootstrap.js');
  await startApi(config, false);
});
