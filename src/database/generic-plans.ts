import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, QueryConfig } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The connection option under which statements keep one plan for every parameter value. */
export const GENERIC_PLAN_OPTIONS = '-c plan_cache_mode=force_generic_plan';

/**
 * A statement as a named prepared statement: parsed and planned once per connection, then only bound and
 * executed. The name is derived from the text, so every text has its own and the same text the same one.
 */
export function preparedStatement(sql: string, params: unknown[]): QueryConfig {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `g_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    // The texts are a few dozen shapes; the bound only guards against a caller that builds unbounded ones.
    if (statementNames.size >= 1000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return { name, text: sql, values: params };
}

/** Statement names by text: hashing a candidate statement's ~8 KB on every call cost ~0.05 ms. */
const statementNames = new Map<string, string>();

/**
 * Hot statements whose plan does not depend on their parameter values (the caller says why, at the call site):
 * reads, and single-statement writes by key that need no enclosing transaction (the match-run record). They run
 * as named prepared statements on a pool of their own whose connections force PostgreSQL's generic
 * plan, so they skip parsing and planning (a third of the search statement's time in the database).
 * Everything else keeps TypeORM's unnamed statements, planned for their values (a measured trap: a generic plan
 * chosen by the plan cache can be a trap; here it is only used where the plan shape is fixed by construction).
 * The API creates the pool lazily, on first use.
 */
@Injectable()
export class GenericPlanStatements implements OnApplicationShutdown {
  private pool?: Pool;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get connections(): Pool {
    this.pool ??= new Pool({
      connectionString: this.config.database.url,
      max: this.config.database.poolSize,
      application_name: 'rujuk-api-generic-plans',
      options: GENERIC_PLAN_OPTIONS,
    });
    return this.pool;
  }

  async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    const statement = preparedStatement(sql, params);
    const res = await this.connections.query<T & object>(statement);
    return res.rows;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
