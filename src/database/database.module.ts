import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { GenericPlanStatements } from './generic-plans';

export const RUNS_MIGRATIONS = Symbol('RUNS_MIGRATIONS');

/** Runs pending migrations as the table owner (DATABASE_OWNER_URL), on a connection of its own. */
async function runMigrations(ownerUrl: string): Promise<void> {
  const owner = new DataSource({ ...dataSourceOptions(ownerUrl), extra: { max: 1, application_name: 'rujuk-migrations' } });
  await owner.initialize();
  try {
    await owner.runMigrations();
  } finally {
    await owner.destroy();
  }
}

/**
 * The API runs pending migrations on start (unless RUN_MIGRATIONS=false), as the owner; then it, and the
 * worker (which never migrates), connect as the runtime role (DATABASE_URL).
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
          useFactory: async (config: AppConfig) => {
            if (role === 'api' && config.database.runMigrations) await runMigrations(config.database.ownerUrl);
            return {
              ...dataSourceOptions(config.database.url),
              migrationsRun: false,
              extra: { max: config.database.poolSize, application_name: `rujuk-${role}` },
            } as never;
          },
        }),
      ],
    };
  }
}
