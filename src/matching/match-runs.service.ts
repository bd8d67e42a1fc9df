import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Matching's door for features that use a recorded match run (referrals keep its candidates as alternatives). */
@Injectable()
export class MatchRunsService {
  /** The ranked candidate service ids of a match run for this need; null when the run is not one of the need's. */
  async candidateIds(tx: EntityManager, runId: string, needId: string): Promise<string[] | null> {
    const [run] = await tx.query(`SELECT candidate_ids FROM match_run WHERE id = $1 AND need_id = $2`, [runId, needId]);
    return run ? (run.candidate_ids as string[]) : null;
  }
}
