import { useQuery, useSubscription } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Countdown, ErrorAlert, StatusBadge } from '../components/common';
import { formatDateTime } from '../format';
import { graphql } from '../gql';
import type { ReferralStatus } from '../gql/graphql';

const Inbox = graphql(`
  query Inbox($statuses: [ReferralStatus!], $after: String) {
    referralInbox(statuses: $statuses, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status urgency acceptBy sentAt viewedAt appointmentAt service { id name } } }
    }
  }
`);

const InboxUpdates = graphql(`
  subscription InboxUpdates { referralUpdated { id status } }
`);

const STATUSES: ReferralStatus[] = ['SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];
const ROW = 52;

export default function InboxPage() {
  const { t } = useTranslation();
  const [statuses, setStatuses] = useState<string[]>(STATUSES);
  const [service, setService] = useState<string | null>(null);
  const q = useQuery(Inbox, { variables: { statuses: statuses as ReferralStatus[] } });
  // A referral sent to this organisation appears without a reload.
  useSubscription(InboxUpdates, { onData: () => void q.refetch() });
  const all = (q.data?.referralInbox.edges ?? []).map((e) => e.node);
  const services = useMemo(() => [...new Map(all.map((r) => [r.service.id, r.service.name]))].map(([value, label]) => ({ value, label })), [all]);
  const rows = service ? all.filter((r) => r.service.id === service) : all;
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  const page = q.data?.referralInbox.pageInfo;
  const more = () => page?.endCursor && void q.fetchMore({
    variables: { after: page.endCursor },
    updateQuery: (prev, { fetchMoreResult }) => ({
      referralInbox: { ...fetchMoreResult.referralInbox, edges: [...prev.referralInbox.edges, ...fetchMoreResult.referralInbox.edges] },
    }),
  });
  const items = virtual.getVirtualItems();
  return (
    <Stack>
      <Title order={1}>{t('inbox.title')}</Title>
      <Group align="end">
        <MultiSelect label={t('inbox.statuses')} value={statuses} onChange={setStatuses} miw={260}
          data={STATUSES.map((v) => ({ value: v, label: t(`enum.ReferralStatus.${v}`) }))} />
        <Select label={t('inbox.service')} clearable value={service} onChange={setService} data={services} placeholder={t('inbox.allServices')} />
      </Group>
      <ErrorAlert error={q.error} />
      <Text size="sm" c="dimmed" aria-live="polite">{t('inbox.count', { shown: rows.length, total: q.data?.referralInbox.totalCount ?? 0 })}</Text>
      <div ref={parent} style={{ height: '65vh', overflow: 'auto' }} data-testid="inbox-scroll" tabIndex={0} role="region" aria-label={t('inbox.title')}>
        <Table style={{ tableLayout: 'fixed' }} miw={640}>
          <Table.Thead style={{ position: 'sticky', top: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
            <Table.Tr><Table.Th>{t('referral.service')}</Table.Th><Table.Th>{t('referral.status')}</Table.Th><Table.Th>{t('referral.urgency')}</Table.Th><Table.Th>{t('referral.deadline')}</Table.Th><Table.Th>{t('referral.sentAt')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length > 0 && <tr style={{ height: items[0].start }} aria-hidden="true" />}
            {items.map((v) => {
              const r = rows[v.index];
              return (
                <Table.Tr key={r.id} style={{ height: ROW }} data-testid="inbox-row">
                  <Table.Td><Anchor component={Link} to={`/referrals/${r.id}`}>{r.service.name}</Anchor>{!r.viewedAt && <Badge component="span" ml={6} size="xs" color="blue.9">{t('inbox.new')}</Badge>}</Table.Td>
                  <Table.Td><StatusBadge status={r.status} /></Table.Td>
                  <Table.Td>{t(`enum.Urgency.${r.urgency}`)}</Table.Td>
                  <Table.Td>{r.status === 'SENT' ? <Countdown until={r.acceptBy} /> : formatDateTime(r.appointmentAt)}</Table.Td>
                  <Table.Td>{formatDateTime(r.sentAt)}</Table.Td>
                </Table.Tr>
              );
            })}
            {items.length > 0 && <tr style={{ height: virtual.getTotalSize() - items[items.length - 1].end }} aria-hidden="true" />}
          </Table.Tbody>
        </Table>
      </div>
      {page?.hasNextPage && <Button variant="default" onClick={more}>{t('inbox.more')}</Button>}
    </Stack>
  );
}
