import { Button, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localInputToIso, zoneName } from '../format';

const DECLINE_REASONS = ['NO_CAPACITY', 'NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA', 'SERVICE_NOT_OFFERED', 'CLIENT_UNREACHABLE', 'CLIENT_DECLINED', 'DUPLICATE', 'OTHER'];

/** Accept with an appointment and a note: the partner's referral page and the single-referral link page. */
export function AcceptForm({ onAccept, loading }: { onAccept(appointmentAt: string | undefined, note: string): void; loading: boolean }) {
  const { t } = useTranslation();
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  return (
    <Stack gap="xs">
      <TextInput type="datetime-local" label={t('referral.appointment')} description={t('referral.appointmentZone', { zone: zoneName() })}
        value={at} onChange={(e) => setAt(e.currentTarget.value)} />
      <Textarea label={t('referral.noteToSender')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button color="teal" loading={loading} onClick={() => onAccept(localInputToIso(at), note)}>{t('referral.accept')}</Button>
    </Stack>
  );
}

/** Decline with a reason code and a note. */
export function DeclineForm({ onDecline, loading }: { onDecline(reason: string, note: string): void; loading: boolean }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Stack gap="xs">
      <Select label={t('referral.declineReason')} required value={reason} onChange={setReason}
        data={DECLINE_REASONS.map((v) => ({ value: v, label: t(`enum.DeclineReason.${v}`) }))} />
      <Textarea label={t('referral.declineNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button color="red" variant="outline" disabled={!reason} loading={loading} onClick={() => reason && onDecline(reason, note)}>{t('referral.decline')}</Button>
    </Stack>
  );
}
