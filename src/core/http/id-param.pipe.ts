// Path ids are UUIDs; anything else cannot name a resource, so it answers 404 rather than a
// validation error (the same answer as an id that does not exist).
import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID_PATTERN.test(value)) throw DomainError.notFound('Resource');
    return value.toLowerCase();
  }
}
