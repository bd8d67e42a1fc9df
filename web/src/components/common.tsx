import { Alert, Center, Loader } from '@mantine/core';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../clock';
import { countdown, errorMessage } from '../format';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/**
 * A failed request's message. When the failure left the focus nowhere (a button that was busy loses it), the
 * alert takes it, so a keyboard user continues from the message rather than from the top of the page.
 */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && (!document.activeElement || document.activeElement === document.body)) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" title={t('common.error')} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

/**
 * Time left until a deadline, from the one shared clock (web/src/clock.ts). Plain bold text in a dark amber
 * (6.8:1 on white) or red.9 (5.9:1) once past: a badge truncated it in the narrow deadline columns. A plain
 * element, not a Mantine component: it appears in every row of long lists.
 */
export const Countdown = memo(function Countdown({ until }: { until: string | null | undefined }) {
  const now = useNow();
  if (!until) return <span>—</span>;
  const c = countdown(until, now);
  return <span className={c.past ? 'rj-countdown rj-countdown-past' : 'rj-countdown'}>{c.text}</span>;
});

const STATUS_COLORS: Record<string, string> = {
  DRAFT: 'gray', SENT: 'blue', ACCEPTED: 'teal', DECLINED: 'red', IN_PROGRESS: 'indigo', ON_HOLD: 'orange',
  COMPLETED: 'green', CANCELLED: 'gray', EXPIRED: 'red', FAILED: 'red',
};

/** A referral's status as an outlined badge (Mantine's outline badge look, as one plain element). */
export const StatusBadge = memo(function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = STATUS_COLORS[status] ?? 'gray';
  return (
    <span className="rj-badge" style={{ color: `var(--mantine-color-${color}-outline)` }} data-testid="referral-status">
      {t(`enum.ReferralStatus.${status}`)}
    </span>
  );
});
