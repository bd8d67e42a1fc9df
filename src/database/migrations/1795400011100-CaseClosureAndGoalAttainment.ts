import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closure with a reason code, goal attainment, and case events that name a code and a goal.
 *
 * client_case.closure_reason becomes a code (GOALS_MET, REFERRED_ELSEWHERE, CLIENT_REQUEST, CLIENT_UNREACHABLE,
 * MOVED, DECEASED, OTHER); the free text it held moves to closure_note. Cases closed before keep their text as
 * the note, with the code OTHER (a text that is a code becomes that code). A case has a closure code exactly
 * when it is CLOSED.
 *
 * goal.attainment becomes the evaluation (ACHIEVED, PARTLY, NOT_ACHIEVED) instead of a percent; goal.status
 * is the goal's life (ACTIVE, EVALUATED, CANCELLED). Goals with the old statuses ACHIEVED, PARTIALLY_ACHIEVED
 * and NOT_ACHIEVED become EVALUATED with that attainment; a percent on a goal not evaluated is dropped (down
 * gives 100, 50 or 0 back for the three attainments).
 *
 * case_event.code holds a reason code or an attainment, case_event.goal_id the goal an evaluation is about.
 */
const CODES = `'GOALS_MET', 'REFERRED_ELSEWHERE', 'CLIENT_REQUEST', 'CLIENT_UNREACHABLE', 'MOVED', 'DECEASED', 'OTHER'`;

export class CaseClosureAndGoalAttainment1795400011100 implements MigrationInterface {
  name = 'CaseClosureAndGoalAttainment1795400011100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_case RENAME COLUMN closure_reason TO closure_note`);
    await q.query(`
      ALTER TABLE client_case
        ADD COLUMN closure_reason text CHECK (closure_reason IN (${CODES}))`);
    // A text that is a code (as down leaves a closure without a note) is that code again.
    await q.query(`
      UPDATE client_case
         SET closure_reason = CASE WHEN closure_note IN (${CODES}) THEN closure_note ELSE 'OTHER' END,
             closure_note = CASE WHEN closure_note IN (${CODES}) THEN NULL ELSE closure_note END
       WHERE stage = 'CLOSED'`);
    await q.query(`UPDATE client_case SET closure_note = NULL WHERE stage <> 'CLOSED'`);
    await q.query(`ALTER TABLE client_case ADD CONSTRAINT client_case_closure_chk CHECK ((stage = 'CLOSED') = (closure_reason IS NOT NULL))`);

    await q.query(`ALTER TABLE case_event ADD COLUMN code text, ADD COLUMN goal_id uuid REFERENCES goal(id)`);

    await q.query(`ALTER TABLE goal DROP CONSTRAINT goal_status_check, DROP CONSTRAINT goal_attainment_check`);
    await q.query(`ALTER TABLE goal RENAME COLUMN attainment TO attainment_percent`);
    await q.query(`ALTER TABLE goal ADD COLUMN attainment text CHECK (attainment IN ('ACHIEVED', 'PARTLY', 'NOT_ACHIEVED'))`);
    await q.query(`
      UPDATE goal SET attainment = CASE status WHEN 'ACHIEVED' THEN 'ACHIEVED' WHEN 'PARTIALLY_ACHIEVED' THEN 'PARTLY' ELSE 'NOT_ACHIEVED' END,
                      status = 'EVALUATED'
       WHERE status IN ('ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED')`);
    await q.query(`ALTER TABLE goal DROP COLUMN attainment_percent`);
    await q.query(`
      ALTER TABLE goal
        ADD COLUMN evaluated_at timestamptz,
        ADD COLUMN evaluated_by uuid REFERENCES user_account(id),
        ADD CONSTRAINT goal_status_check CHECK (status IN ('ACTIVE', 'EVALUATED', 'CANCELLED')),
        ADD CONSTRAINT goal_evaluated_chk CHECK ((status = 'EVALUATED') = (attainment IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE goal DROP CONSTRAINT goal_evaluated_chk, DROP CONSTRAINT goal_status_check`);
    await q.query(`ALTER TABLE goal DROP COLUMN evaluated_at, DROP COLUMN evaluated_by`);
    await q.query(`ALTER TABLE goal ADD COLUMN attainment_percent int`);
    await q.query(`
      UPDATE goal SET status = CASE attainment WHEN 'ACHIEVED' THEN 'ACHIEVED' WHEN 'PARTLY' THEN 'PARTIALLY_ACHIEVED' ELSE 'NOT_ACHIEVED' END,
                      attainment_percent = CASE attainment WHEN 'ACHIEVED' THEN 100 WHEN 'PARTLY' THEN 50 ELSE 0 END
       WHERE status = 'EVALUATED'`);
    await q.query(`ALTER TABLE goal DROP COLUMN attainment`);
    await q.query(`ALTER TABLE goal RENAME COLUMN attainment_percent TO attainment`);
    await q.query(`
      ALTER TABLE goal
        ADD CONSTRAINT goal_status_check CHECK (status IN ('ACTIVE', 'ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED')),
        ADD CONSTRAINT goal_attainment_check CHECK (attainment BETWEEN 0 AND 100)`);

    // case_event is append-only (no UPDATE): its codes and goal ids go with the columns.
    await q.query(`ALTER TABLE case_event DROP COLUMN goal_id, DROP COLUMN code`);

    await q.query(`ALTER TABLE client_case DROP CONSTRAINT client_case_closure_chk`);
    await q.query(`UPDATE client_case SET closure_note = coalesce(closure_note, closure_reason) WHERE stage = 'CLOSED'`);
    await q.query(`ALTER TABLE client_case DROP COLUMN closure_reason`);
    await q.query(`ALTER TABLE client_case RENAME COLUMN closure_note TO closure_reason`);
  }
}
