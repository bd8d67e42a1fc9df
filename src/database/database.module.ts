import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { GenericPlanStatements } from './generic-plans';

export const RUNS_MIGRATIONS = Symbol('RUNS_MIGRATIONS');

/**
 * The API runs pending migrations on start (unless RUN_MIGRATIONS=false); the worker never does.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(role: 'api' | 'worker') {
    return {
      module: DatabaseModule,
      providers: [GenericPlanStatements],
      exports: [GenericPlanStatements],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            ({
              ...dataSourceOptions(config.database.url),
              migrationsRun: role === 'api' && config.database.runMigrations,
              extra: { max: config.database.poolSize, application_name: `rujuk-${role}` },
            }) as never,
        }),
      ],
    };
  }
}
