import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import type { Pooling } from './pooling';

@Module({})
export class DatabaseModule {
  static forRoot(url: string, pooling: Pooling = 'session'): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url, 20, pooling), autoLoadEntities: false })],
    };
  }
}
