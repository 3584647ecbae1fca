import { Module } from '@nestjs/common';
import { BenchController } from './bench.controller';

/** Routes used only as benchmark baselines (BENCH_ROUTES=true). */
@Module({ controllers: [BenchController] })
export class BenchModule {}
