// The global ValidationPipe: whitelist + forbid unknown properties (mass assignment is refused,
// not silently dropped), and every failure reported as problem-details `errors[{field,message}]`.
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.startsWith(field) ? message : `${field}: ${message}` });
    }
    if (e.children && e.children.length > 0) out.push(...flatten(e.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        message: `Invalid request: ${list.map((e) => e.message).join('; ')}`,
        errors: list,
      });
    },
  });
}
