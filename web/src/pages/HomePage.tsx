import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Countdown, ErrorAlert, StatusBadge } from '../components/common';
import { formatDateTime, formatDateTimeZone } from '../format';
import { graphql } from '../gql';
import { isPartner, useUser } from '../session';

const HomeCases = graphql(`
  query HomeCases($managerId: ID!, $after: String) {
    cases(caseManagerId: $managerId, open: true, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id stage priority openedAt client { id fullName } } }
    }
  }
`);

const HomeWaiting = graphql(`
  query HomeWaiting {
    referrals(statuses: [SENT], first: 50) {
      edges { node { id acceptBy service { id name } toOrganization { id name } } }
    }
  }
`);

const HomeDecisions = graphql(`
  query HomeDecisions {
    referrals(statuses: [DECLINED, EXPIRED], first: 50) {
      edges { node { id status declineReason service { id name } next { id } } }
    }
  }
`);

const HomeInbox = graphql(`
  query HomeInbox {
    referralInbox(statuses: [SENT], first: 20) {
      totalCount
      edges { node { id status acceptBy urgency service { id name } } }
    }
  }
`);

export const HomeFollowUps = graphql(`
  query HomeFollowUps($dueBefore: DateTime!) {
    followUps(filter: { assignedToMe: true, status: PENDING, dueBefore: $dueBefore }, first: 50) {
      edges { node { id kind dueAt caseId referralId contactTarget } }
    }
  }
`);

const HomeNotifications = graphql(`
  query HomeNotifications {
    notifications(unreadOnly: true, first: 20) {
      totalCount
      edges { node { id title body occurredAt referralId caseId } }
    }
  }
`);

const MarkRead = graphql(`
  mutation MarkNotificationsRead { markNotificationsRead(all: true) }
`);

function endOfToday(): string {
  const d = new Date();
  d.setHours(23, 59, 59, 999);
  return d.toISOString();
}

function Section({ title, children, count }: { title: string; children: React.ReactNode; count?: number }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{title}</Title>
        {count !== undefined && <Badge component="span" variant="light" color="dark">{count}</Badge>}
      </Group>
      {children}
    </Card>
  );
}

function Empty() {
  const { t } = useTranslation();
  return <Text c="dimmed" size="sm">{t('common.none')}</Text>;
}

function CaseManagerPanels() {
  const { t } = useTranslation();
  const user = useUser();
  const cases = useQuery(HomeCases, { variables: { managerId: user.id } });
  const waitingQ = useQuery(HomeWaiting);
  const decisionsQ = useQuery(HomeDecisions);
  // Open cases only (the API filters), 50 at a time: the count is all of them, and the rest are a click away.
  const open = (cases.data?.cases.edges ?? []).map((e) => e.node);
  const openTotal = cases.data?.cases.totalCount ?? 0;
  const casesPage = cases.data?.cases.pageInfo;
  const moreCases = () => casesPage?.endCursor && void cases.fetchMore({
    variables: { after: casesPage.endCursor },
    updateQuery: (prev, { fetchMoreResult }) => ({ cases: { ...fetchMoreResult.cases, edges: [...prev.cases.edges, ...fetchMoreResult.cases.edges] } }),
  });
  const waiting = (waitingQ.data?.referrals.edges ?? []).map((e) => e.node);
  const decide = (decisionsQ.data?.referrals.edges ?? []).map((e) => e.node).filter((r) => !r.next);
  return (
    <>
      <Section title={t('home.openCases')} count={openTotal}>
        <ErrorAlert error={cases.error} />
        {open.length ? (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('case.client')}</Table.Th><Table.Th>{t('case.stage')}</Table.Th><Table.Th>{t('case.priority')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {open.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td><Anchor component={Link} to={`/cases/${c.id}`}>{c.client.fullName}</Anchor></Table.Td>
                  <Table.Td>{t(`enum.CaseStage.${c.stage}`)}</Table.Td>
                  <Table.Td>{t(`enum.Urgency.${c.priority}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty />}
        {open.length < openTotal && (
          <Group mt="xs" justify="space-between">
            <Text size="sm" c="dimmed" data-testid="open-cases-count">{t('home.casesShown', { shown: open.length, total: openTotal })}</Text>
            <Button size="xs" variant="default" onClick={moreCases} loading={cases.loading}>{t('inbox.more')}</Button>
          </Group>
        )}
      </Section>
      <Section title={t('home.waiting')} count={waiting.length}>
        <ErrorAlert error={waitingQ.error} />
        {waiting.length ? (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('referral.service')}</Table.Th><Table.Th>{t('referral.deadline')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {waiting.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`/referrals/${r.id}`}>{r.service.name}</Anchor> <Text span size="sm" c="dimmed">{r.toOrganization.name}</Text></Table.Td>
                  <Table.Td><Countdown until={r.acceptBy} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty />}
      </Section>
      <Section title={t('home.needDecision')} count={decide.length}>
        <ErrorAlert error={decisionsQ.error} />
        {decide.length ? (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('referral.service')}</Table.Th><Table.Th>{t('referral.status')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {decide.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`/referrals/${r.id}`}>{r.service.name}</Anchor></Table.Td>
                  <Table.Td><StatusBadge status={r.status} />{r.declineReason && <Text span size="sm"> {t(`enum.DeclineReason.${r.declineReason}`)}</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty />}
      </Section>
    </>
  );
}

function PartnerPanels() {
  const { t } = useTranslation();
  const inbox = useQuery(HomeInbox);
  const rows = (inbox.data?.referralInbox.edges ?? []).map((e) => e.node);
  return (
    <Section title={t('home.newReferrals')} count={inbox.data?.referralInbox.totalCount}>
      <ErrorAlert error={inbox.error} />
      {rows.length ? (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('referral.service')}</Table.Th><Table.Th>{t('referral.urgency')}</Table.Th><Table.Th>{t('referral.deadline')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td><Anchor component={Link} to={`/referrals/${r.id}`}>{r.service.name}</Anchor></Table.Td>
                <Table.Td>{t(`enum.Urgency.${r.urgency}`)}</Table.Td>
                <Table.Td><Countdown until={r.acceptBy} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Empty />}
      <Anchor component={Link} to="/inbox" mt="sm" display="block">{t('home.toInbox')}</Anchor>
    </Section>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const followUps = useQuery(HomeFollowUps, { variables: { dueBefore: endOfToday() } });
  const notes = useQuery(HomeNotifications);
  const [markRead] = useMutation(MarkRead, { refetchQueries: ['HomeNotifications'] });
  const tasks = (followUps.data?.followUps.edges ?? []).map((e) => e.node);
  const unread = (notes.data?.notifications.edges ?? []).map((e) => e.node);
  const now = Date.now();
  return (
    <Stack>
      <Title order={1}>{t('home.title', { name: user.name })}</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {isPartner(user) ? <PartnerPanels /> : <CaseManagerPanels />}
        <Section title={t('home.followUpsDue')} count={tasks.length}>
          <ErrorAlert error={followUps.error} />
          {tasks.length ? (
            <Table>
              <Table.Thead><Table.Tr><Table.Th>{t('followUp.kind')}</Table.Th><Table.Th>{t('followUp.due')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {tasks.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td><Anchor component={Link} to="/follow-ups">{t(`enum.FollowUpKind.${f.kind}`)}</Anchor></Table.Td>
                    <Table.Td>{formatDateTimeZone(f.dueAt)} {new Date(f.dueAt).getTime() < now && <Badge component="span" color="red" variant="light">{t('followUp.overdue')}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : <Empty />}
        </Section>
        <Section title={t('home.notifications')} count={notes.data?.notifications.totalCount}>
          <ErrorAlert error={notes.error} />
          {unread.length ? (
            <Stack gap="xs">
              {unread.map((n) => (
                <div key={n.id}>
                  {n.referralId ? <Anchor component={Link} to={`/referrals/${n.referralId}`} fw={600}>{n.title}</Anchor> : <Text fw={600}>{n.title}</Text>}
                  <Text size="sm">{n.body}</Text>
                  <Text size="xs" c="dimmed">{formatDateTime(n.occurredAt)}</Text>
                </div>
              ))}
              <Button variant="default" size="xs" onClick={() => void markRead()}>{t('home.markRead')}</Button>
            </Stack>
          ) : <Empty />}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
