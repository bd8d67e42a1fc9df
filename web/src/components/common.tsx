import { Alert, Badge, Center, Loader } from '@mantine/core';
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
    // Outline: text and border in the colour on the page's white (amber #9c3d00 6.8:1, red.9 5.9:1); the light
    // variant of an indexed colour painted the text in its own background colour.
    <Badge component="span" color={c.past ? 'red.9' : '#9c3d00'} variant="outline">
      {c.text}
    </Badge>
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
