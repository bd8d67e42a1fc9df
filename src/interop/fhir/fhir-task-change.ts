/**
 * What a partner's change to a Task asks of the referral: the new Task (after a JSON Patch, or as PUT) compared
 * with the current one gives one lifecycle action with its inputs, or a refusal naming the element at fault.
 * Pure functions; the lifecycle (the referral state machine) still decides whether the transition is allowed.
 */
import { applyPatch, Operation } from 'fast-json-patch';
import { AppError, ErrorCode } from '../../common/app-error';
import { DECLINE_REASONS, DeclineReason, Outcome, OUTCOMES, ReferralAction } from '../../referrals/referral-state';
import type { TransitionRequest } from '../../referrals/referral-lifecycle.service';
import { FhirResource, SYSTEMS } from './fhir-mapper';

/** The Task elements a partner may change; everything else is Rujuk's. */
const WRITABLE = ['/status', '/statusReason', '/output', '/executionPeriod'];

const TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error'];

/** The lifecycle action a new Task status asks for. */
const ACTION_FOR: Record<string, ReferralAction> = {
  accepted: 'accept', rejected: 'decline', 'in-progress': 'start', 'on-hold': 'hold', completed: 'complete', failed: 'fail', cancelled: 'cancel',
};

export type TaskChange = Omit<TransitionRequest, 'referralId' | 'expectedVersion'> | null;

/** Applies a JSON Patch (RFC 6902) to the current Task; only the writable elements may change ('test' anywhere). */
export function patchedTask(current: FhirResource, patch: unknown): FhirResource {
  if (!Array.isArray(patch) || patch.length === 0) throw AppError.badInput('body', 'must be a JSON Patch: a non-empty array of operations');
  if (patch.length > 20) throw AppError.badInput('body', 'must hold at most 20 operations');
  patch.forEach((op: unknown, i: number) => {
    const o = op as Partial<Operation> | null;
    if (!o || typeof o !== 'object' || typeof o.op !== 'string' || typeof o.path !== 'string') {
      throw AppError.badInput(`body[${i}]`, 'must be an operation with op and path');
    }
    if (!['add', 'remove', 'replace', 'test'].includes(o.op)) throw AppError.badInput(`body[${i}].op`, 'must be add, remove, replace or test');
    if (o.op !== 'test' && !WRITABLE.some((w) => o.path === w || o.path!.startsWith(`${w}/`))) {
      throw AppError.badInput(`body[${i}].path`, `may change only ${WRITABLE.join(', ')}`);
    }
  });
  try {
    return applyPatch(structuredClone(current), patch as Operation[], true, false).newDocument;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TEST_OPERATION_FAILED') throw new AppError(ErrorCode.CONFLICT, 'A test operation of the patch failed: the Task is not as expected', { field: 'body' });
    throw AppError.badInput('body', 'is not a JSON Patch that applies to this Task');
  }
}

/** The transition the changed Task asks for (null: the status is unchanged, nothing to do). */
export function taskChange(current: FhirResource, next: FhirResource): TaskChange {
  if (next.resourceType !== 'Task') throw AppError.badInput('resourceType', 'must be Task');
  if (next.id !== undefined && next.id !== current.id) throw AppError.badInput('id', 'must be the id of the Task in the URL');
  const status = next.status;
  if (typeof status !== 'string' || !TASK_STATUSES.includes(status)) throw AppError.badInput('status', `must be a Task status: ${TASK_STATUSES.join(', ')}`);
  if (status === current.status) return null;
  const action = ACTION_FOR[status];
  if (!action) {
    throw new AppError(ErrorCode.INVALID_TRANSITION, `a referral's Task cannot be moved to ${status}`, { from: String(current.status), to: status });
  }
  const reason = reasonText(next);
  switch (action) {
    case 'decline':
      return { action, declineReason: declineReason(next), reason };
    case 'complete':
      return { action, outcome: outcome(next), reason };
    case 'accept':
      return { action, appointmentAt: appointment(next), reason: null };
    default:
      return { action, reason };
  }
}

function reasonText(t: FhirResource): string | null {
  const sr = t.statusReason as { text?: unknown } | undefined;
  if (sr === undefined) return null;
  if (sr === null || typeof sr !== 'object') throw AppError.badInput('statusReason', 'must be a CodeableConcept');
  if (sr.text !== undefined && (typeof sr.text !== 'string' || sr.text.length > 2000)) throw AppError.badInput('statusReason.text', 'must be text of at most 2,000 characters');
  return typeof sr.text === 'string' && sr.text.trim() ? sr.text.trim() : null;
}

function codings(value: unknown, field: string): { system?: unknown; code?: unknown }[] {
  if (value === undefined || value === null) return [];
  const coding = (value as { coding?: unknown }).coding;
  if (coding === undefined) return [];
  if (!Array.isArray(coding)) throw AppError.badInput(`${field}.coding`, 'must be a list of codings');
  return coding as { system?: unknown; code?: unknown }[];
}

function declineReason(t: FhirResource): DeclineReason {
  const coding = codings(t.statusReason, 'statusReason').find((c) => c?.system === SYSTEMS.declineReason);
  if (!coding || !DECLINE_REASONS.includes(coding.code as DeclineReason)) {
    throw AppError.badInput('statusReason', `a rejection needs a coding of ${SYSTEMS.declineReason}: ${DECLINE_REASONS.join(', ')}`);
  }
  return coding.code as DeclineReason;
}

/** The outcome, from an output valued with a coding of the outcome system, or from the statusReason. */
function outcome(t: FhirResource): Outcome {
  const outputs = Array.isArray(t.output) ? (t.output as { valueCodeableConcept?: unknown }[]) : [];
  const candidates = [...outputs.flatMap((o) => codings(o?.valueCodeableConcept, 'output.valueCodeableConcept')), ...codings(t.statusReason, 'statusReason')];
  const coding = candidates.find((c) => c?.system === SYSTEMS.outcome);
  if (!coding || !OUTCOMES.includes(coding.code as Outcome)) {
    throw AppError.badInput('output', `a completion needs an outcome coding of ${SYSTEMS.outcome}: ${OUTCOMES.join(', ')}`);
  }
  return coding.code as Outcome;
}

function appointment(t: FhirResource): Date | null {
  const start = (t.executionPeriod as { start?: unknown } | undefined)?.start;
  if (start === undefined) return null;
  const d = typeof start === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(start) ? new Date(start) : null;
  if (!d || Number.isNaN(d.getTime())) throw AppError.badInput('executionPeriod.start', 'must be a FHIR dateTime with a time zone, e.g. 2026-01-31T09:00:00+07:00');
  return d;
}

/** The version an If-Match header names (W/"3" or "3"), or undefined without one. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw AppError.badInput('If-Match', 'must be a version ETag, e.g. W/"3"');
  return Number(m[1]);
}
