// The one place where any error becomes RFC 9457 problem details. It never lets a stack
// trace, SQL text or internal path reach the client; unexpected errors are logged by code.
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from '../database/pg-errors';
import { DOMAIN_ERROR_STATUS, DomainError, FieldError } from './domain-error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const TYPE_BASE = 'https://skills-drive-tracker.gov.pk/problems/';

export function problem(
  status: number,
  detail: string,
  instance: string,
  errors?: FieldError[],
): ProblemDetails {
  const title = TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
  const body: ProblemDetails = {
    type: TYPE_BASE + title.toLowerCase().replace(/[^a-z]+/g, '-'),
    title,
    status,
    detail,
    instance,
  };
  if (errors && errors.length > 0) body.errors = errors;
  return body;
}

export function sendProblem(res: Response, body: ProblemDetails, retryAfter?: number): void {
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    if (res.headersSent) return;
    const instance = req.originalUrl?.split('?')[0] ?? req.url;
    const { body, retryAfter } = this.toProblem(exception, instance);
    sendProblem(res, body, retryAfter);
  }

  private toProblem(
    exception: unknown,
    instance: string,
  ): { body: ProblemDetails; retryAfter?: number } {
    if (exception instanceof DomainError) {
      const status = DOMAIN_ERROR_STATUS[exception.code];
      return {
        body: {
          ...exception.extensions,
          ...problem(status, exception.message, instance, exception.errors),
        },
        retryAfter: exception.retryAfter,
      };
    }
    if (exception instanceof HttpException) {
      return { body: this.fromHttpException(exception, instance) };
    }
    if (isUniqueViolation(exception)) {
      return { body: problem(409, 'A resource with the same unique value exists', instance) };
    }
    if (isForeignKeyViolation(exception)) {
      return { body: problem(409, 'The resource is still referenced by others', instance) };
    }
    if (isCheckViolation(exception)) {
      return { body: problem(422, 'The request breaks a data rule', instance) };
    }
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(`unhandled ${name} on ${instance}`);
    return { body: problem(500, 'An unexpected error occurred', instance) };
  }

  private fromHttpException(exception: HttpException, instance: string): ProblemDetails {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let detail = exception.message;
    let errors: FieldError[] | undefined;
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; errors?: FieldError[] };
      if (Array.isArray(r.errors)) errors = r.errors;
      if (typeof r.message === 'string') detail = r.message;
      else if (Array.isArray(r.message)) detail = r.message.join('; ');
    }
    if (status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(detail)) {
      detail = 'No such route';
    }
    return problem(status, detail, instance, errors);
  }
}
