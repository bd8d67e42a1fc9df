import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { logRedisConnection } from './redis-connection-log';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis connection for commands (health, rate limits, queue producers). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        logRedisConnection(
          new IORedis(config.redis.url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false }),
          'shared',
          config.redis.url,
        ),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
