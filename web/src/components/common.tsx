import { Alert, Badge, Center, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countdown, errorMessage } from '../format';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('common.error')} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

/** Re-renders every 30 s so countdowns stay current. */
export function useNow(intervalMs = 30000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({ until }: { until: string | null | undefined }) {
  const now = useNow();
  if (!until) return <span>—</span>;
  const c = countdown(until, now);
  return (
    // Plain bold text in a dark amber (6.8:1 on white) or red.9 (5.9:1) once past: a badge truncated it in the
    // narrow deadline columns, and its light variant of an indexed colour hid the text.
    <Text component="span" size="sm" fw={600} c={c.past ? 'red.9' : '#9c3d00'}>
      {c.text}
    </Text>
  );
}

const STATUS_COLORS: Record<string, string> = {
  DRAFT: 'gray', SENT: 'blue', ACCEPTED: 'teal', DECLINED: 'red', IN_PROGRESS: 'indigo', ON_HOLD: 'orange',
  COMPLETED: 'green', CANCELLED: 'gray', EXPIRED: 'red', FAILED: 'red',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge component="span" color={STATUS_COLORS[status] ?? 'gray'} variant="outline" data-testid="referral-status">
      {t(`enum.ReferralStatus.${status}`)}
    </Badge>
  );
}
