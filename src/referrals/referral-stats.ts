import type { EntityManager } from 'typeorm';

/** service_referral_stats, the answers and acceptances per service that the matcher ranks by. */

/**
 * A decline or an expiry changes only the number of answers: one more each, without re-reading the service's
 * history (recomputing it per expiry cost O(referrals of the service) and made a busy service's expiries
 * queue behind each other). Every answer has kept the row since the first, so the counts stay exact. Rows are locked in service order, so batches never deadlock here.
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

/**
 * Accepts add to both counts; the median time to accept is recomputed from the service's accepted referrals
 * only, from their own rows: `answered_at` of a referral that went on from SENT to an accepted status is the
 * time of its acceptance (a referral is accepted at most once, and accept only leaves SENT). Joining each to its
 * accept event instead made the planner hash the whole event table per accepting service (a sequential scan of
 * every accept event of the network, under the service's stats row lock).
 */
export async function countAccepts(tx: EntityManager, serviceId: string, accepts: number): Promise<void> {
  await tx.query(
    `INSERT INTO service_referral_stats AS s (service_id, answered, accepted, median_accept_minutes, updated_at)
     SELECT $1, $2, $2, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.answered_at - r.sent_at) / 60), now()
       FROM referral r
      WHERE r.service_id = $1 AND r.status IN ('ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED', 'CANCELLED')
        AND r.answered_at IS NOT NULL
     ON CONFLICT (service_id) DO UPDATE SET answered = s.answered + EXCLUDED.answered, accepted = s.accepted + EXCLUDED.accepted,
            median_accept_minutes = EXCLUDED.median_accept_minutes, updated_at = EXCLUDED.updated_at`,
    [serviceId, accepts],
  );
}
