import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert, Anchor, Badge, Button, Card, Group, List, Radio, Select, Stack, Table, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert, Loading } from '../components/common';
import { graphql } from '../gql';
import type { MatchNeedQuery } from '../gql/graphql';

const MatchNeed = graphql(`
  query MatchNeed($caseId: ID!, $needId: ID!) {
    case(id: $caseId) {
      id priority client { id fullName }
      needs { id category serviceTypes severity }
      consents { id categories recipientOrganizationIds withdrawnAt referralId }
    }
    matchServices(input: { needId: $needId, limit: 20 }) {
      runId
      candidates {
        score distanceKm reasons
        reasonDetails { code text }
        location { id name }
        service {
          id name hasCapacity
          capacity { available maximum waitlistOpen }
          organization { id name }
        }
      }
      excluded { reasons service { id name organization { id name } } }
    }
  }
`);

const SendReferral = graphql(`
  mutation CreateAndSendReferral($input: CreateReferralInput!) { createReferral(input: $input) { id status } }
`);

type Candidate = MatchNeedQuery['matchServices']['candidates'][number];

function openNow(c: Candidate, t: (k: string) => string): string {
  if (c.reasonDetails.some((r) => r.code === 'OPEN_NOW')) return t('match.yes');
  if (c.reasonDetails.some((r) => r.code === 'NOT_OPEN_NOW')) return t('match.no');
  return '—';
}

function acceptance(c: Candidate): string {
  return c.reasonDetails.find((r) => r.code === 'ACCEPTANCE' || r.code === 'NO_HISTORY')?.text ?? '—';
}

export default function MatchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { caseId = '', needId = '' } = useParams();
  const q = useQuery(MatchNeed, { variables: { caseId, needId }, fetchPolicy: 'network-only' });
  const [chosen, setChosen] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [withoutReason, setWithoutReason] = useState('');
  const [send, s] = useMutation(SendReferral);
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const { matchServices: m, case: c } = q.data;
  const candidate = m.candidates.find((x) => x.service.id === chosen) ?? null;
  const orgId = candidate?.service.organization.id;
  const consent = orgId
    ? c.consents.filter((x) => !x.withdrawnAt && !x.referralId && (x.recipientOrganizationIds.length === 0 || x.recipientOrganizationIds.includes(orgId)))
    : [];
  const shared = [...new Set(consent.flatMap((x) => x.categories))];
  const doSend = async () => {
    if (!candidate) return;
    const res = await send({ variables: { input: {
      needId, serviceId: candidate.service.id, locationId: candidate.location?.id, matchRunId: m.runId, send: true,
      urgency: (urgency ?? c.priority) as 'ROUTINE', note: message || undefined,
      withoutIdentifyingData: shared.length === 0 ? { reason: withoutReason } : undefined,
    } } }).catch(() => null);
    if (res?.data) navigate(`/referrals/${res.data.createReferral.id}`);
  };
  return (
    <Stack>
      <div>
        <Title order={1}>{t('match.title')}</Title>
        <Text c="dimmed"><Anchor component={Link} to={`/cases/${caseId}`}>{t('case.title', { name: c.client.fullName })}</Anchor></Text>
      </div>
      <Radio.Group value={chosen} onChange={setChosen} label={t('match.candidates')} name="candidate">
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('match.candidates')}>
          <Table striped mt="xs" miw={800}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('match.choose')}</Table.Th><Table.Th>{t('match.service')}</Table.Th><Table.Th>{t('match.score')}</Table.Th>
                <Table.Th>{t('match.reasons')}</Table.Th><Table.Th>{t('match.distance')}</Table.Th><Table.Th>{t('match.openNow')}</Table.Th>
                <Table.Th>{t('match.capacity')}</Table.Th><Table.Th>{t('match.acceptance')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.candidates.map((x, i) => (
                <Table.Tr key={x.service.id} data-testid="match-candidate">
                  <Table.Td><Radio value={x.service.id} aria-label={t('match.chooseService', { rank: i + 1, name: x.service.name })} /></Table.Td>
                  <Table.Td><Text fw={600} size="sm">{i + 1}. {x.service.name}</Text><Text size="xs" c="dimmed">{x.service.organization.name}{x.location ? ` · ${x.location.name}` : ''}</Text></Table.Td>
                  <Table.Td>{x.score.toFixed(2)}</Table.Td>
                  <Table.Td><List size="xs">{x.reasons.map((r) => <List.Item key={r}>{r}</List.Item>)}</List></Table.Td>
                  <Table.Td>{x.distanceKm == null ? '—' : `${x.distanceKm.toFixed(1)} km`}</Table.Td>
                  <Table.Td>{openNow(x, t)}</Table.Td>
                  <Table.Td>
                    {x.service.capacity.available != null ? `${x.service.capacity.available}/${x.service.capacity.maximum ?? '?'}` : '—'}
                    {x.service.capacity.waitlistOpen && <Badge component="span" ml={4} size="xs" variant="light" color="dark">{t('match.waitlist')}</Badge>}
                  </Table.Td>
                  <Table.Td><Text size="xs">{acceptance(x)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Radio.Group>
      {m.candidates.length === 0 && <Alert color="orange">{t('match.noCandidates')}</Alert>}
      {candidate && (
        <Card withBorder component="section" aria-labelledby="send-h">
          <Title order={2} size="h4" id="send-h">{t('match.sendTo', { name: candidate.service.name })}</Title>
          <Stack gap="xs" mt="xs">
            <Select label={t('referral.urgency')} value={urgency ?? c.priority} onChange={setUrgency}
              data={['ROUTINE', 'URGENT', 'EMERGENCY'].map((v) => ({ value: v, label: t(`enum.Urgency.${v}`) }))} />
            <Textarea label={t('match.message')} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
            <Alert color={shared.length ? 'teal' : 'orange'} title={t('match.sharedTitle')} data-testid="sharing-preview">
              {shared.length ? (
                <>
                  <Text size="sm">{t('match.sharedBody', { org: candidate.service.organization.name })}</Text>
                  <List size="sm">{shared.map((k) => <List.Item key={k}>{t(`enum.ConsentCategory.${k}`)}</List.Item>)}</List>
                </>
              ) : (
                <>
                  <Text size="sm">{t('match.noConsent', { org: candidate.service.organization.name })}</Text>
                  <TextInput mt="xs" label={t('match.withoutReason')} required value={withoutReason} onChange={(e) => setWithoutReason(e.currentTarget.value)} />
                </>
              )}
            </Alert>
            <Button onClick={() => void doSend()} loading={s.loading} disabled={!shared.length && !withoutReason.trim()}>{t('match.send')}</Button>
            <ErrorAlert error={s.error} />
          </Stack>
        </Card>
      )}
      <Title order={2} size="h3">{t('match.nearMisses')}</Title>
      {m.excluded.length ? (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('match.service')}</Table.Th><Table.Th>{t('match.why')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {m.excluded.map((x) => (
              <Table.Tr key={x.service.id}>
                <Table.Td>{x.service.name}<Text size="xs" c="dimmed">{x.service.organization.name}</Text></Table.Td>
                <Table.Td>{x.reasons.join('; ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Text c="dimmed" size="sm">{t('common.none')}</Text>}
    </Stack>
  );
}
