import type { EntityManager } from 'typeorm';

/** service_referral_stats, the answers and acceptances per service that the matcher ranks by. */

/**
 * A decline or an expiry changes only the number of answers: one more each, without re-reading the service's
 * history (recomputing it per expiry cost O(referrals of the service) and made a busy service's expiries
 * queue behind each other). Every answer has kept the row since the first, so the count stays exact, and
 * each accept recomputes the whole row. Rows are locked in service order, so batches never deadlock here.
 */
export async function countAnswers(tx: EntityManager, serviceIds: string[]): Promise<void> {
  if (!serviceIds.length) return;
  await tx.query(
    `INSERT INTO service_referral_stats (service_id, answered, accepted, updated_at)
     SELECT service_id, count(*), 0, now() FROM unnest($1::uuid[]) AS a(service_id) GROUP BY service_id ORDER BY service_id
     ON CONFLICT (service_id) DO UPDATE SET answered = service_referral_stats.answered + EXCLUDED.answered, updated_at = EXCLUDED.updated_at`,
    [serviceIds],
  );
}

/** Acceptance rate and median time to accept, per service, for the matcher: recomputed from the events on accept. */
export async function refreshStats(tx: EntityManager, serviceId: string): Promise<void> {
  await tx.query(
    `INSERT INTO service_referral_stats (service_id, answered, accepted, median_accept_minutes, updated_at)
     SELECT $1, count(*), count(*) FILTER (WHERE e.action = 'accept'),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - r.sent_at) / 60) FILTER (WHERE e.action = 'accept'),
            now()
       FROM referral_event e JOIN referral r ON r.id = e.referral_id
      WHERE r.service_id = $1 AND e.action IN ('accept', 'decline', 'expire')
     ON CONFLICT (service_id) DO UPDATE SET answered = EXCLUDED.answered, accepted = EXCLUDED.accepted,
            median_accept_minutes = EXCLUDED.median_accept_minutes, updated_at = EXCLUDED.updated_at`,
    [serviceId],
  );
}
