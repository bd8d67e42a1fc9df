/** What a channel reports for one attempt. Throwing DeliveryError means "failed"; see `permanent`. */
export type DeliveryOutcome = { status: 'SENT'; statusCode?: number } | { status: 'SKIPPED'; reason: string };

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help (the receiver refused the message as such). */
    readonly permanent = false,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
