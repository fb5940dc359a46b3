// Probes for orchestrators (Docker, Kubernetes, load balancers). Public, cheap, no data.
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { problem, sendProblem, type ProblemDetails } from '../http/problem-details.filter';
import { HealthService, type ReadinessChecks } from './health.service';
import { ApiSummary } from '../http/api-docs';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @ApiSummary('Liveness: the process is running')
  @Get('live')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The process is running', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({
    description: 'Postgres and Redis answer',
    schema: { example: { status: 'ok', checks: { database: 'up', redis: 'up' } } },
  })
  @ApiSummary('Readiness: Postgres and Redis answer (503 while shutting down)')
  @ApiServiceUnavailableResponse({ description: 'Problem details naming what is down' })
  async ready(@Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (this.health.shuttingDown) {
      sendProblem(res, problem(503, 'Not ready: shutting down', '/health/ready'));
      return;
    }
    const checks = await this.health.readiness();
    const down = (Object.keys(checks) as (keyof ReadinessChecks)[]).filter(
      (name) => checks[name] === 'down',
    );
    if (down.length === 0) {
      res.status(200).json({ status: 'ok', checks });
      return;
    }
    const body: ProblemDetails & { checks: ReadinessChecks } = {
      ...problem(503, `Not ready: ${down.join(' and ')} down`, '/health/ready'),
      checks,
    };
    sendProblem(res, body);
  }
}
