import { AppError, ErrorCode } from '../common/app-error';
import type { ReferralAction, ReferralStatus, TransitionFailure } from './referral-state';

/** The one mapping of a refused transition (referral-state.ts) to the error a caller gets. */
export function transitionError(t: TransitionFailure, from: ReferralStatus, action: ReferralAction): AppError {
  switch (t.error) {
    case 'MISSING_INPUT':
      return AppError.badInput(`input.${t.field}`, t.message);
    case 'WRONG_ACTOR':
      return AppError.forbidden(t.message);
    case 'INVALID_TRANSITION':
      return new AppError(ErrorCode.INVALID_TRANSITION, t.message, { from, action });
    default: {
      const unmapped: never = t;
      throw new Error(`Unmapped transition failure ${JSON.stringify(unmapped)}`);
    }
  }
}
