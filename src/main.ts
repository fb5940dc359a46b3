// The one-process default (`npm start`): HTTP plus the BullMQ consumers, unless WORKERS_IN_API=false.
import 'reflect-metadata';
import { loadConfigOrExit, startApi } from './core/bootstrap';

void startApi(loadConfigOrExit().workersInApi);
