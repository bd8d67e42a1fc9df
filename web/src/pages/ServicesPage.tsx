import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Loading } from '../components/common';
import { formatDateTime } from '../format';
import { graphql } from '../gql';
import type { MyServicesQuery } from '../gql/graphql';
import { useUser } from '../session';

const MyServices = graphql(`
  query MyServices($orgId: ID!) {
    organization(id: $orgId) {
      id name
      services { id name status capacity { available maximum unit waitlistOpen updatedAt } }
      locations { id name timeZone schedules { weekday opensAt closesAt } }
    }
  }
`);

const UpdateCapacity = graphql(`
  mutation UpdateServiceCapacity($input: UpdateCapacityInput!) {
    updateServiceCapacity(input: $input) { id capacity { available maximum unit waitlistOpen updatedAt } }
  }
`);

const SetSchedule = graphql(`
  mutation SetLocationSchedule($input: SetLocationScheduleInput!) {
    setLocationSchedule(input: $input) { id schedules { weekday opensAt closesAt } }
  }
`);

type Org = MyServicesQuery['organization'];

function CapacityCard({ s }: { s: Org['services'][number] }) {
  const { t } = useTranslation();
  const [available, setAvailable] = useState<number | string>(s.capacity.available ?? '');
  const [maximum, setMaximum] = useState<number | string>(s.capacity.maximum ?? '');
  const [waitlist, setWaitlist] = useState(s.capacity.waitlistOpen);
  const [save, m] = useMutation(UpdateCapacity);
  return (
    <Card withBorder component="section" aria-label={s.name}>
      <Title order={2} size="h4">{s.name}</Title>
      <Text size="xs" c="dimmed">{t('services.updated', { date: formatDateTime(s.capacity.updatedAt) })}</Text>
      <Group align="end" mt="xs" grow>
        <NumberInput label={t('services.available')} min={0} value={available} onChange={setAvailable} />
        <NumberInput label={t('services.maximum')} min={0} value={maximum} onChange={setMaximum} />
      </Group>
      <Switch mt="sm" label={t('services.waitlist')} checked={waitlist} onChange={(e) => setWaitlist(e.currentTarget.checked)} />
      <Button mt="sm" loading={m.loading} onClick={() => void save({ variables: { input: {
        serviceId: s.id, available: available === '' ? undefined : Number(available), maximum: maximum === '' ? undefined : Number(maximum), waitlistOpen: waitlist,
      } } }).catch(() => null)}>{t('common.save')}</Button>
      {m.data && !m.loading && <Text size="sm" c="teal.9" role="status">{t('common.saved')}</Text>}
      <ErrorAlert error={m.error} />
    </Card>
  );
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

function ScheduleCard({ l }: { l: Org['locations'][number] }) {
  const { t } = useTranslation();
  const initial = Object.fromEntries(DAYS.map((d) => {
    const s = l.schedules.find((x) => x.weekday === d);
    return [d, { open: !!s, opensAt: s?.opensAt.slice(0, 5) ?? '08:00', closesAt: s?.closesAt.slice(0, 5) ?? '16:00' }];
  }));
  const [days, setDays] = useState(initial);
  const [save, m] = useMutation(SetSchedule);
  const set = (d: number, patch: Partial<(typeof initial)[number]>) => setDays((x) => ({ ...x, [d]: { ...x[d], ...patch } }));
  return (
    <Card withBorder component="section" aria-label={t('services.hoursOf', { name: l.name })}>
      <Title order={2} size="h4">{t('services.hoursOf', { name: l.name })}</Title>
      <Text size="xs" c="dimmed">{l.timeZone}</Text>
      <Table mt="xs">
        <Table.Tbody>
          {DAYS.map((d) => (
            <Table.Tr key={d}>
              <Table.Td><Checkbox label={t(`weekday.${d}`)} checked={days[d].open} onChange={(e) => set(d, { open: e.currentTarget.checked })} /></Table.Td>
              <Table.Td><TextInput type="time" aria-label={t('services.opensAt', { day: t(`weekday.${d}`) })} disabled={!days[d].open} value={days[d].opensAt} onChange={(e) => set(d, { opensAt: e.currentTarget.value })} /></Table.Td>
              <Table.Td><TextInput type="time" aria-label={t('services.closesAt', { day: t(`weekday.${d}`) })} disabled={!days[d].open} value={days[d].closesAt} onChange={(e) => set(d, { closesAt: e.currentTarget.value })} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Button mt="sm" loading={m.loading} onClick={() => void save({ variables: { input: {
        locationId: l.id, schedules: DAYS.filter((d) => days[d].open).map((d) => ({ weekday: d, opensAt: days[d].opensAt, closesAt: days[d].closesAt })),
      } } }).catch(() => null)}>{t('common.save')}</Button>
      {m.data && !m.loading && <Text size="sm" c="teal.9" role="status">{t('common.saved')}</Text>}
      <ErrorAlert error={m.error} />
    </Card>
  );
}

export default function ServicesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const q = useQuery(MyServices, { variables: { orgId: user.organizationId ?? '' }, skip: !user.organizationId });
  if (!user.organizationId) return <Text>{t('services.noOrganization')}</Text>;
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const org = q.data.organization;
  return (
    <Stack>
      <Title order={1}>{t('services.title', { name: org.name })}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {org.services.map((s) => <CapacityCard key={s.id} s={s} />)}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {org.locations.map((l) => <ScheduleCard key={l.id} l={l} />)}
      </SimpleGrid>
    </Stack>
  );
}
