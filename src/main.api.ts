// HTTP only: production runs N of these behind a load balancer.
import 'reflect-metadata';
import { startApi } from './core/bootstrap';

void startApi(false);
