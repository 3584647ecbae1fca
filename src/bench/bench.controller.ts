import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

class ProbeDto {
  @IsEmail()
  email: string;
}

/**
 * The baseline of `npm run bench registration`: the same Nest/Fastify stack, validation and pool as a
 * registration, with one INSERT of one row per request. Mounted only when BENCH_ROUTES=true; the
 * benchmark creates the `bench_probe` table itself.
 */
@ApiExcludeController()
@Controller('bench')
export class BenchController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('insert')
  @Public()
  @HttpCode(201)
  async insert(@Body() dto: ProbeDto): Promise<{ id: string }> {
    const [row]: { id: string }[] = await this.dataSource.query('INSERT INTO bench_probe (email) VALUES ($1) RETURNING id', [dto.email]);
    return { id: String(row.id) };
  }
}
