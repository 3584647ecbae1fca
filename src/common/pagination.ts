import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** `?page=&pageSize=` on list routes; pages count from 1. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1_000_000) // far past any list, and keeps the OFFSET within PostgreSQL's range
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 20 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 20;
}

/** The shape of every paginated list: `{ items, total, page, pageSize }`. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of a list: `fetch` runs the query with the page's window (`skip`/`take`, as TypeORM's query
 * builder and find options name them) and answers the rows with the total count; each row is mapped to its item.
 */
export async function paginate<Row, Item>(
  query: PageQuery,
  fetch: (window: { skip: number; take: number }) => Promise<[Row[], number]>,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const [rows, total] = await fetch({ skip: (query.page - 1) * query.pageSize, take: query.pageSize });
  return { items: rows.map((row) => toItem(row)), total, page: query.page, pageSize: query.pageSize };
}
