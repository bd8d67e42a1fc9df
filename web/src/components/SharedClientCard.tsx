import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';

export interface SharedClientView {
  sharedCategories: string[];
  fullName?: string | null;
  age?: number | null;
  sex?: string | null;
  birthDate?: string | null;
  phone?: string | null;
  addressLine?: string | null;
  regionCode?: string | null;
  contactPreference?: string | null;
  safeContact?: boolean | null;
  safeContactNote?: string | null;
  languages?: string[] | null;
  need?: { category: string; categoryName: string; description?: string | null; severity: string } | null;
  assessments?: { instrument: string; baseline: boolean; takenAt: string; total: number }[] | null;
}

/** The client as the receiving organisation sees them: only the categories the client consented to share. */
export function SharedClientCard({ client: c }: { client: SharedClientView }) {
  const { t } = useTranslation();
  const row = (label: string, value: string | number | null | undefined) =>
    value === null || value === undefined || value === '' ? null : <Text size="sm">{label}: {value}</Text>;
  return (
    <Card withBorder component="section" aria-labelledby="client-h">
      <Title order={2} size="h4" id="client-h">{t('shared.title')}</Title>
      <Stack gap={4} mt="xs">
        <Text size="xs" c="dimmed">{t('shared.categories')}: {c.sharedCategories.length ? c.sharedCategories.map((k) => t(`enum.ConsentCategory.${k}`, { defaultValue: k })).join(', ') : t('common.none')}</Text>
        {c.need && (
          <Text size="sm" data-testid="shared-need">{t('shared.need')}: {c.need.categoryName} · {t(`enum.Severity.${c.need.severity}`, { defaultValue: c.need.severity })}{c.need.description ? ` — ${c.need.description}` : ''}</Text>
        )}
        {row(t('client.fullName'), c.fullName)}
        {row(t('client.age'), c.age)}
        {row(t('client.sex'), c.sex ? t(`enum.Sex.${c.sex}`) : null)}
        {row(t('client.birthDate'), c.birthDate ? formatDate(c.birthDate) : null)}
        {row(t('client.phone'), c.phone)}
        {row(t('client.address'), c.addressLine)}
        {row(t('client.region'), c.regionCode)}
        {row(t('client.contactPreference'), c.contactPreference ? t(`enum.ContactPreference.${c.contactPreference}`, { defaultValue: c.contactPreference }) : null)}
        {c.safeContact === false && <Text size="sm" c="red.9">{t('shared.unsafeContact')}{c.safeContactNote ? `: ${c.safeContactNote}` : ''}</Text>}
        {c.assessments?.map((a) => (
          <Text size="sm" key={`${a.instrument}-${a.takenAt}`}>{t('shared.assessment')}: {a.instrument} {a.baseline ? `(${t('case.baseline')})` : ''} · {formatDate(a.takenAt)} · {a.total}</Text>
        ))}
      </Stack>
    </Card>
  );
}
