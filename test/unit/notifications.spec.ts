import { createHmac } from 'node:crypto';
import { maskPhone } from '../../src/notifications/channels/sms.sender';
import { defaultChannels, missingData, renderNotification, TEMPLATES, webhookBody } from '../../src/notifications/notification-templates';
import { CHANNELS } from '../../src/redis/pubsub';
import { eventsOf, jobsOf, NOTIFICATIONS_PER_DISPATCH } from '../../src/outbox/outbox-publisher';
import type { OutboxRow } from '../../src/outbox/outbox.types';
import { batchJobId } from '../../src/jobs/job-registry';
import { jobDelayMs, relayRetryDelayMs } from '../../src/outbox/outbox-timing';
import { isRetryableStatus, newWebhookSecret, signBody, verifySignature, webhookUrlProblem } from '../../src/notifications/webhook-signature';

describe('webhook signature', () => {
  const body = '{"id":"d1","event":"referral.new"}';

  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const hex = createHmac('sha256', 'whsec_x').update(body).digest('hex');
    expect(signBody('whsec_x', body)).toBe(`sha256=${hex}`);
  });

  it('verifies only the same body with the same secret', () => {
    const sig = signBody('whsec_x', body);
    expect(verifySignature('whsec_x', body, sig)).toBe(true);
    expect(verifySignature('whsec_y', body, sig)).toBe(false);
    expect(verifySignature('whsec_x', `${body} `, sig)).toBe(false);
    expect(verifySignature('whsec_x', body, sig.slice(0, -1))).toBe(false);
    expect(verifySignature('whsec_x', body, undefined)).toBe(false);
  });

  it('makes distinct secrets of 32 random bytes', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('webhook URL and status rules', () => {
  it('wants https unless http is allowed, and no credentials', () => {
    expect(webhookUrlProblem('https://partner.example.id/hook', false)).toBeNull();
    expect(webhookUrlProblem('http://partner.example.id/hook', false)).toBe('must use https');
    expect(webhookUrlProblem('http://127.0.0.1:9/hook', true)).toBeNull();
    expect(webhookUrlProblem('ftp://x.example/hook', true)).toBe('must use http or https');
    expect(webhookUrlProblem('https://u:p@x.example/hook', false)).toBe('must not contain credentials');
    expect(webhookUrlProblem('/relative', true)).toBe('must be an absolute URL');
  });

  it('retries server errors, timeouts and throttling, not other client errors', () => {
    expect([500, 502, 503, 408, 425, 429].map(isRetryableStatus)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 404, 410, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
  });
});

describe('outbox timing', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('turns runAt into a delay at publish time, never negative', () => {
    expect(jobDelayMs(null, now)).toBe(0);
    expect(jobDelayMs(new Date(now.getTime() + 1500), now)).toBe(1500);
    expect(jobDelayMs(new Date(now.getTime() - 60_000), now)).toBe(0);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => relayRetryDelayMs(a, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(relayRetryDelayMs(1000, 1000, 60_000)).toBe(60_000);
  });

  it('maps the notification rows of a pass to dispatch jobs named by their rows, and a job row as written', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const row = (id: string, kind: OutboxRow['kind'], topic: string, extra: Partial<OutboxRow> = {}): OutboxRow =>
      ({ id, kind, topic, payload: { template: topic }, jobId: null, runAt: null, attempts: 0, createdAt, ...extra });
    const notifications = Array.from({ length: NOTIFICATIONS_PER_DISPATCH + 1 }, (_, i) => row(`n${i}`, 'NOTIFICATION', 'referral.new'));
    const jobs = jobsOf([row('x', 'JOB', 'outbox.prune', { payload: {}, jobId: 'p1', runAt: new Date(now.getTime() + 10) }), ...notifications], now);
    expect(jobs[0]).toEqual({ name: 'outbox.prune', jobId: 'p1', delay: 10, data: {} });
    expect(jobs.slice(1).map((j) => [j.name, (j.data as { notifications: unknown[] }).notifications.length, j.delay])).toEqual([
      ['notifications.dispatch', NOTIFICATIONS_PER_DISPATCH, 0], ['notifications.dispatch', 1, 0],
    ]);
    expect((jobs[2].data as { notifications: unknown[] }).notifications).toEqual([
      { template: 'referral.new', notificationId: `n${NOTIFICATIONS_PER_DISPATCH}`, occurredAt: createdAt.toISOString() },
    ]);
    // The same rows in any order: the same job id; other rows: another.
    const again = jobsOf([...notifications].reverse().slice(1), now);
    expect(again[0].jobId).toBe(jobs[1].jobId);
    expect(jobsOf(notifications.slice(1, 3), now)[0].jobId).not.toBe(jobsOf(notifications.slice(1, 4), now)[0].jobId);
    expect(jobs[1].jobId).toBe(batchJobId('notifications', notifications.slice(0, NOTIFICATIONS_PER_DISPATCH).map((n) => n.id)));
  });
});

describe('outbox events', () => {
  it('publish an event row to each of its channels, and a notification row as its in-app event when its recipient has a channel', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const base = { jobId: null, runAt: null, attempts: 0, createdAt };
    const data = { referralId: 'r1' };
    const events = eventsOf([
      { ...base, id: 'e', kind: 'EVENT', topic: 'a b', payload: { x: 1 } },
      { ...base, id: 'n1', kind: 'NOTIFICATION', topic: 'referral.new', payload: { recipient: { organizationId: 'o1' }, template: 'referral.new', data } },
      { ...base, id: 'n2', kind: 'NOTIFICATION', topic: 'referral.expired', payload: { recipient: { userId: 'u1' }, template: 'referral.expired', data } },
      { ...base, id: 'n3', kind: 'NOTIFICATION', topic: 'referral.expired', payload: { recipient: { organizationId: 'o1', role: 'SUPERVISOR' }, template: 'referral.expired', data } },
      { ...base, id: 'j', kind: 'JOB', topic: 'outbox.prune', payload: {}, jobId: 'p1' },
    ]);
    const inApp = (notificationId: string, template: string) => JSON.stringify({ notificationId, template, data, occurredAt: createdAt.toISOString() });
    expect(events).toEqual([
      { channel: 'a', message: '{"x":1}' }, { channel: 'b', message: '{"x":1}' },
      { channel: CHANNELS.organizationNotifications('o1'), message: inApp('n1', 'referral.new') },
      { channel: CHANNELS.userNotifications('u1'), message: inApp('n2', 'referral.expired') },
    ]);
  });
});

describe('notification templates', () => {
  it('need the ids they link to', () => {
    expect(missingData('referral.new', {})).toEqual(['referralId']);
    expect(missingData('referral.new', { referralId: 'r1' })).toEqual([]);
    expect(missingData('webhook.ping', {})).toEqual([]);
  });

  it('render a link and no other data', () => {
    const m = renderNotification('referral.expired', { referralId: 'r1' }, 'https://rujuk.example.id/');
    expect(m.link).toBe('https://rujuk.example.id/referrals/r1');
    expect(m.text).toContain(m.link);
    expect(m.sms).toBe('Rujuk: Rujukan kedaluwarsa. https://rujuk.example.id/referrals/r1');
    expect(defaultChannels('referral.new')).toEqual(['WEBHOOK', 'EMAIL']);
    for (const name of Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[]) {
      expect(renderNotification(name, { referralId: 'r1' }, 'https://x').subject.length).toBeGreaterThan(5);
    }
  });

  it('put ids and the link in the webhook body', () => {
    const body = JSON.parse(webhookBody({ deliveryId: 'd', notificationId: 'n', template: 'referral.new', organizationId: 'o', data: { referralId: 'r' }, occurredAt: 't', link: 'l' }));
    expect(body).toEqual({ id: 'd', notificationId: 'n', event: 'referral.new', organizationId: 'o', occurredAt: 't', data: { referralId: 'r' }, link: 'l' });
  });
});

describe('sms log adapter', () => {
  it('masks all but the last three digits', () => {
    expect(maskPhone('+62 812 0000 1234')).toBe('**********234');
    expect(maskPhone('12')).toBe('***');
  });
});
