// The one keyset-pagination helper: every list orders by the table's `seq` identity and hands
// back an opaque cursor, so pages never skip or repeat a row while others write.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from './domain-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a repository needs to run one page: the seq to continue after and how many rows. */
export interface PageRequest {
  afterSeq: string | null;
  limit: number;
}

export function encodeCursor(seq: string): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

/** `seq` columns are Postgres bigint: a cursor past this would fail in SQL, not as bad input. */
const MAX_SEQ = 9223372036854775807n;

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:(\d{1,19})$/.exec(text);
  if (!match || BigInt(match[1]) > MAX_SEQ) {
    throw DomainError.validation('cursor', 'cursor is not one this API issued');
  }
  return match[1];
}

export function pageRequest(query: PageQueryDto): PageRequest {
  return { afterSeq: decodeCursor(query.cursor), limit: query.limit ?? DEFAULT_PAGE_SIZE };
}

/**
 * Repositories fetch limit + 1 rows ordered by seq; this trims the extra row and turns its
 * presence into the next cursor.
 */
export function toPage<R extends { seq: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor(last.seq) : null,
  };
}
