import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const defaultPageSize = 25;
export const maxPageSize = 200;

export class ListQueryDto {
  @ApiPropertyOptional({
    description: 'Page size.',
    minimum: 1,
    maximum: maxPageSize,
    default: defaultPageSize,
    example: 25,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(maxPageSize)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Return items after this id (the next page).',
    example: 'usr_01jd3v3k6m0000000000000000',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  startingAfter?: string;

  @ApiPropertyOptional({
    description: 'Return items before this id (the previous page).',
    example: 'usr_01jd3v3k6m0000000000000000',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  endingBefore?: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly startingAfter?: string;
  readonly endingBefore?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
}

export interface ListResponse<T> {
  object: 'list';
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

export function pageRequest(query: ListQueryDto): PageRequest {
  return {
    limit: query.limit ?? defaultPageSize,
    startingAfter: query.startingAfter,
    endingBefore: query.endingBefore,
  };
}

/**
 * Prisma arguments for newest-first lists over sortable ids: one row more than asked tells whether more exist.
 * `endingBefore` walks backwards, so its rows come back oldest first and are reversed by `pageFromRows`.
 */
export interface IdPageArguments {
  where: { id?: { lt: string } | { gt: string } };
  orderBy: { id: 'asc' | 'desc' };
  take: number;
}

export function idPageArguments(request: PageRequest): IdPageArguments {
  if (request.endingBefore !== undefined) {
    return { where: { id: { gt: request.endingBefore } }, orderBy: { id: 'asc' }, take: request.limit + 1 };
  }
  return {
    where: request.startingAfter === undefined ? {} : { id: { lt: request.startingAfter } },
    orderBy: { id: 'desc' },
    take: request.limit + 1,
  };
}

export function pageFromRows<T>(rows: readonly T[], request: PageRequest): Page<T> {
  const hasMore = rows.length > request.limit;
  const items = rows.slice(0, request.limit);
  return { items: request.endingBefore !== undefined ? items.reverse() : items, hasMore };
}

export function listResponse<T extends { id: string }>(page: Page<T>): ListResponse<T> {
  const last = page.items[page.items.length - 1];
  return {
    object: 'list',
    data: [...page.items],
    hasMore: page.hasMore,
    nextCursor: page.hasMore && last ? last.id : null,
  };
}

export class ListEnvelopeDto {
  @ApiProperty({ enum: ['list'], description: 'Always "list".', example: 'list' })
  object!: 'list';

  @ApiProperty({ description: 'Whether more items follow the last one returned.', example: false })
  hasMore!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as startingAfter to get the next page.',
    example: null,
  })
  nextCursor!: string | null;
}

/** Every item of a newest-first list, read page by page (for exports), so no query loads the whole list at once. */
export async function* allPages<T extends { id: string }>(
  readPage: (request: PageRequest) => Promise<Page<T>>,
  pageSize = maxPageSize,
): AsyncGenerator<T> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await readPage({ limit: pageSize, startingAfter });
    yield* page.items;
    const last = page.items.at(-1);
    if (!page.hasMore || last === undefined) return;
    startingAfter = last.id;
  }
}
