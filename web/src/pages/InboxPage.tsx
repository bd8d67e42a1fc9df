import { useQuery, useSubscription } from '@apollo/client/react';
import { Button, Group, MultiSelect, Select, Stack, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { memo, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Countdown, ErrorAlert, StatusBadge } from '../components/common';
import { formatDateTime, formatDateTimeZone } from '../format';
import { graphql } from '../gql';
import type { InboxQuery, ReferralStatus } from '../gql/graphql';

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
/** Every row is exactly this tall (CSS clips what would not fit), so the virtualiser never measures a row. */
const ROW = 52;
const HEADER = 40;

type Row = NonNullable<InboxQuery['referralInbox']['edges'][number]['node']>;

export default function InboxPage() {
  const { t } = useTranslation();
  const [statuses, setStatuses] = useState<string[]>(STATUSES);
  const [service, setService] = useState<string | null>(null);
  const q = useQuery(Inbox, { variables: { statuses: statuses as ReferralStatus[] } });
  // A referral sent to this organisation appears without a reload.
  useSubscription(InboxUpdates, { onData: () => void q.refetch() });
  const edges = q.data?.referralInbox.edges;
  const all = useMemo(() => (edges ?? []).map((e) => e.node), [edges]);
  const services = useMemo(() => [...new Map(all.map((r) => [r.service.id, r.service.name]))].map(([value, label]) => ({ value, label })), [all]);
  const rows = useMemo(() => (service ? all.filter((r) => r.service.id === service) : all), [all, service]);
  const page = q.data?.referralInbox.pageInfo;
  const more = () => page?.endCursor && void q.fetchMore({
    variables: { after: page.endCursor },
    updateQuery: (prev, { fetchMoreResult }) => ({
      referralInbox: { ...fetchMoreResult.referralInbox, edges: [...prev.referralInbox.edges, ...fetchMoreResult.referralInbox.edges] },
    }),
  });
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
      <InboxList rows={rows} t={t} />
      {page?.hasNextPage && <Button variant="default" onClick={more}>{t('inbox.more')}</Button>}
    </Stack>
  );
}

/**
 * The virtualised list. Scrolling re-renders only this component (not the filters above it), and each row is a
 * memoised plain element at a fixed offset: a row already on screen is not rendered again while the list scrolls,
 * and a row entering the screen costs a few elements, not a tree of Mantine components. Rows are absolutely
 * positioned and contained (CSS `contain`), so placing one never lays out the others. It is an ARIA table
 * (`role="table"`, with the row count and each row's index), since only the visible rows are in the DOM.
 */
const InboxList = memo(function InboxList({ rows, t }: { rows: Row[]; t: TFunction }) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 8, scrollMargin: HEADER,
  });
  return (
    <div ref={parent} className="rj-inbox-scroll" data-testid="inbox-scroll" tabIndex={0} role="region" aria-label={t('inbox.title')}>
      <div role="table" aria-label={t('inbox.title')} aria-rowcount={rows.length + 1} className="rj-inbox-table">
        <div role="rowgroup" className="rj-inbox-head">
          <div role="row" aria-rowindex={1} className="rj-inbox-cols">
            <div role="columnheader">{t('referral.service')}</div><div role="columnheader">{t('referral.status')}</div>
            <div role="columnheader">{t('referral.urgency')}</div><div role="columnheader">{t('referral.deadline')}</div>
            <div role="columnheader">{t('referral.sentAt')}</div>
          </div>
        </div>
        <div role="rowgroup" className="rj-inbox-body" style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((v) => <InboxRow key={rows[v.index].id} r={rows[v.index]} index={v.index} top={v.start - HEADER} t={t} />)}
        </div>
      </div>
    </div>
  );
});

const InboxRow = memo(function InboxRow({ r, index, top, t }: { r: Row; index: number; top: number; t: TFunction }) {
  return (
    <div role="row" aria-rowindex={index + 2} className="rj-inbox-row rj-inbox-cols" style={{ transform: `translateY(${top}px)` }} data-testid="inbox-row">
      <div role="cell"><Link to={`/referrals/${r.id}`} className="rj-link">{r.service.name}</Link>{!r.viewedAt && <span className="rj-badge rj-badge-new">{t('inbox.new')}</span>}</div>
      <div role="cell"><StatusBadge status={r.status} /></div>
      <div role="cell">{t(`enum.Urgency.${r.urgency}`)}</div>
      <div role="cell">{r.status === 'SENT' ? <Countdown until={r.acceptBy} /> : formatDateTimeZone(r.appointmentAt)}</div>
      <div role="cell">{formatDateTime(r.sentAt)}</div>
    </div>
  );
});
