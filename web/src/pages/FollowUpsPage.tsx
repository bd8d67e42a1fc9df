import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Checkbox, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/common';
import { formatDateTime, formatDateTimeZone } from '../format';
import { graphql } from '../gql';
import type { MyFollowUpsQuery } from '../gql/graphql';
import { isPartner, useUser } from '../session';

const MyFollowUps = graphql(`
  query MyFollowUps($filter: FollowUpFilter) {
    followUps(filter: $filter, first: 100) {
      totalCount
      edges { node {
        id kind dueAt caseId referralId contactTarget attempts question
      } }
    }
  }
`);

// How the client may be reached (never by a number marked unsafe): asked apart, the list query stays under the cost limit.
const ContactPlans = graphql(`
  query FollowUpContactPlans($caseId: ID!) {
    followUps(filter: { caseId: $caseId, status: PENDING }, first: 50) {
      edges { node { id contactPlan { advice allowed suggested } } }
    }
  }
`);

const RecordFollowUp = graphql(`
  mutation RecordFollowUp($input: RecordFollowUpInput!) {
    recordFollowUp(input: $input) { followUp { id status attempts } needReopened caseFlaggedUnreachable alternatives { id name } }
  }
`);

type F = MyFollowUpsQuery['followUps']['edges'][number]['node'];
const CHANNELS = ['PHONE', 'SMS', 'VISIT', 'OFFICE', 'EMAIL', 'PARTNER_IN_RUJUK'];
const RESULTS = ['ATTENDED', 'NOT_ATTENDED', 'SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'NEED_MET', 'NEED_NOT_MET', 'OTHER'];

function RecordForm({ f, onDone }: { f: F; onDone(): void }) {
  const { t } = useTranslation();
  const plans = useQuery(ContactPlans, { variables: { caseId: f.caseId ?? '' }, skip: !f.caseId || f.contactTarget !== 'CLIENT' });
  const plan = plans.data?.followUps.edges.find((e) => e.node.id === f.id)?.node.contactPlan ?? null;
  const [chosen, setChannel] = useState<string | null>(null);
  const channel = chosen ?? plan?.suggested ?? (f.contactTarget === 'PROVIDER' ? 'PARTNER_IN_RUJUK' : 'PHONE');
  const [reached, setReached] = useState(true);
  const [result, setResult] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [record, r] = useMutation(RecordFollowUp, { refetchQueries: ['MyFollowUps'], awaitRefetchQueries: true });
  const allowed = plan?.allowed.length ? plan.allowed : CHANNELS;
  const submit = async () => {
    const res = await record({ variables: { input: {
      followUpId: f.id, channel: channel as 'PHONE', reached, result: reached && result ? (result as 'OTHER') : undefined, notes: notes || undefined,
    } } }).catch(() => null);
    if (res?.data) onDone();
  };
  return (
    <Stack>
      {plan && <Alert color="blue" title={t('followUp.contactPlan')}>{plan.advice}</Alert>}
      <Select label={t('followUp.channel')} value={channel} onChange={setChannel} data={allowed.map((v) => ({ value: v, label: t(`enum.FollowUpChannel.${v}`) }))} />
      <Checkbox label={t('followUp.reached')} checked={reached} onChange={(e) => setReached(e.currentTarget.checked)} />
      {reached && <Select label={t('followUp.result')} value={result} onChange={setResult} data={RESULTS.map((v) => ({ value: v, label: t(`enum.FollowUpResult.${v}`) }))} />}
      <Textarea label={t('followUp.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      <ErrorAlert error={r.error} />
      <Button onClick={() => void submit()} loading={r.loading}>{t('followUp.save')}</Button>
    </Stack>
  );
}

export default function FollowUpsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [scope, setScope] = useState('mine');
  const [open, setOpen] = useState<F | null>(null);
  const filter = { status: 'PENDING' as const, ...(scope === 'mine' && !isPartner(user) ? { assignedToMe: true } : {}), ...(scope === 'overdue' ? { overdue: true } : {}) };
  const q = useQuery(MyFollowUps, { variables: { filter } });
  const rows = (q.data?.followUps.edges ?? []).map((e) => e.node).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const now = Date.now();
  return (
    <Stack>
      <Title order={1}>{t('followUps.title')}</Title>
      <SegmentedControl value={scope} onChange={setScope} aria-label={t('followUps.scope')}
        data={[{ value: 'mine', label: t('followUps.mine') }, { value: 'overdue', label: t('followUps.overdue') }, { value: 'all', label: t('followUps.all') }]} />
      <ErrorAlert error={q.error} />
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('followUps.title')}>
        <Table striped miw={640}>
          <Table.Thead><Table.Tr><Table.Th>{t('followUp.due')}</Table.Th><Table.Th>{t('followUp.kind')}</Table.Th><Table.Th>{t('followUp.target')}</Table.Th><Table.Th>{t('followUp.attempts')}</Table.Th><Table.Th>{t('followUp.links')}</Table.Th><Table.Th>{t('followUp.record')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr key={f.id} data-testid="follow-up-row">
                <Table.Td>{formatDateTimeZone(f.dueAt)} {new Date(f.dueAt).getTime() < now && <Badge component="span" color="red" variant="light">{t('followUp.overdue')}</Badge>}</Table.Td>
                <Table.Td>{t(`enum.FollowUpKind.${f.kind}`)}{f.question && <Text size="xs" c="dimmed">{f.question}</Text>}</Table.Td>
                <Table.Td>{t(`enum.ContactTarget.${f.contactTarget}`)}</Table.Td>
                <Table.Td>{f.attempts}</Table.Td>
                <Table.Td>
                  {f.caseId && !isPartner(user) && <Anchor component={Link} to={`/cases/${f.caseId}`} size="sm" mr="xs">{t('followUp.case')}</Anchor>}
                  {f.referralId && <Anchor component={Link} to={`/referrals/${f.referralId}`} size="sm">{t('followUp.referral')}</Anchor>}
                </Table.Td>
                <Table.Td><Button size="xs" onClick={() => setOpen(f)} aria-label={t('followUp.recordFor', { kind: t(`enum.FollowUpKind.${f.kind}`), due: formatDateTime(f.dueAt) })}>{t('followUp.record')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {!q.loading && rows.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
      <Modal opened={!!open} onClose={() => setOpen(null)} title={open ? t(`enum.FollowUpKind.${open.kind}`) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {open && <RecordForm f={open} onDone={() => setOpen(null)} />}
      </Modal>
    </Stack>
  );
}
