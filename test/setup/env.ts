// Defaults for the e2e process; DATABASE_URL and REDIS_PREFIX come from global-setup.
import { TEST_ADMIN } from './test-env';

process.env.NODE_ENV ??= 'test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.JWT_SECRET ??= 'test-secret-that-is-long-enough';
// Required when a test runs the app with NODE_ENV=production.
process.env.WEBHOOK_SECRET_KEY ??= '0123456789abcdef'.repeat(4);
process.env.ADMIN_EMAIL ??= TEST_ADMIN.email;
process.env.ADMIN_PASSWORD ??= TEST_ADMIN.password;
// Tests log in often; the rate-limit test builds its own app with a low limit.
process.env.LOGIN_RATE_LIMIT ??= '100000';
process.env.VERIFY_RATE_LIMIT ??= '100000';
process.env.LOG_LEVEL ??= 'silent';
// No load balancer to drain in tests: readiness 503 and close at once (the drain has its own test).
process.env.SHUTDOWN_DRAIN_SECONDS ??= '0';
// A worker started by a test serves health and metrics on any free port, never a fixed one.
process.env.WORKER_HTTP_PORT ??= '0';
