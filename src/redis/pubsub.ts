/**
 * Redis-backed pub/sub for GraphQL subscriptions, so an event published by any process (usually the
 * worker's outbox relay) reaches subscribers on every API instance.
 *
 * Channels are named here, once: `<REDIS_PREFIX>:events:<channel>`. Publish from feature code through the
 * outbox (`outbox.add(tx, { kind: 'event', channel: CHANNELS.referral(id), payload: { referralId } })`),
 * never directly, so an event exists only for a committed change. Payloads carry ids: the subscription's
 * resolver reloads what the subscriber may see.
 */
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis from 'ioredis';
import { logRedisConnection } from './redis-connection-log';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const PUB_SUB = Symbol('PUB_SUB');

export function eventChannelName(prefix: string, channel: string): string {
  return `${prefix}:events:${channel}`;
}

/** The channel names feature modules publish to and subscribe on. */
export const CHANNELS = {
  /** Every change of one referral (for the case manager's view of it). */
  referral: (referralId: string) => `referral.${referralId}`,
  /** Referral changes relevant to an organisation (its inbox as receiver, its outgoing ones as sender). */
  organizationReferrals: (organizationId: string) => `org.${organizationId}.referrals`,
  /** Referral changes on one case. */
  caseReferrals: (caseId: string) => `case.${caseId}.referrals`,
  /** In-app notifications of an organisation / of a user. */
  organizationNotifications: (organizationId: string) => `org.${organizationId}.notifications`,
  userNotifications: (userId: string) => `user.${userId}.notifications`,
} as const;

/** What subscriptions and tests use: prefixed publish and async iterators over one or more channels. */
export class EventBus {
  constructor(
    private readonly pubsub: RedisPubSub,
    private readonly prefix: string,
  ) {}

  publish(channel: string, payload: Record<string, unknown>): Promise<void> {
    return this.pubsub.publish(eventChannelName(this.prefix, channel), payload);
  }

  /** An iterator over events on the channels, for a @Subscription method to return. */
  subscribe<T = Record<string, unknown>>(channels: string | string[]): AsyncIterableIterator<T> {
    const names = (Array.isArray(channels) ? channels : [channels]).map((c) => eventChannelName(this.prefix, c));
    return this.pubsub.asyncIterableIterator<T>(names);
  }

  close(): Promise<void> {
    return this.pubsub.close().then(() => undefined);
  }
}

@Injectable()
class EventBusCloser implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly bus: EventBus) {}
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close().catch(() => undefined);
  }
}

/** PUB_SUB: an EventBus over a publisher and a subscriber ioredis connection (API processes). */
@Global()
@Module({
  providers: [
    {
      provide: PUB_SUB,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        const options = { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2_000) };
        const pubsub = new RedisPubSub({
          publisher: logRedisConnection(new IORedis(c.redis.url, options), 'pubsub-publisher', c.redis.url),
          subscriber: logRedisConnection(new IORedis(c.redis.url, options), 'pubsub-subscriber', c.redis.url),
        });
        return new EventBus(pubsub, c.redis.prefix);
      },
    },
    EventBusCloser,
  ],
  exports: [PUB_SUB],
})
export class PubSubModule {}
