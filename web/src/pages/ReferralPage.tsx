import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Countdown, ErrorAlert, Loading, StatusBadge } from '../components/common';
import { formatDate, formatDateTime, formatDateTimeZone, localInputToIso } from '../format';
import { graphql } from '../gql';
import type { ReferralDetailQuery } from '../gql/graphql';
import { isPartner, useUser } from '../session';
import { SharedClientCard } from '../components/SharedClientCard';
import { AcceptForm, DeclineForm } from '../components/AnswerForms';

const ReferralDetail = graphql(`
  query ReferralDetail($id: ID!) {
    referral(id: $id) {
      id status version urgency attempt acceptBy sentAt viewedAt appointmentAt note overdue caseId
      declineReason statusReason outcome fromOrganizationId
      service { id name }
      toOrganization { id name }
      previous { id status service { id name } }
      next { id status service { id name } }
      suggestedNextServiceId
      suggestedNext { score reasons service { id name organization { id name } } }
      sharing { mode categories reason }
      client {
        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages
        need { category categoryName description severity }
        assessments { instrument baseline takenAt total }
      }
      events { id action actorKind at fromStatus toStatus reason }
    }
    followUps(filter: { referralId: $id, status: PENDING }, first: 20) {
      edges { node { id kind contactTarget question dueAt } }
    }
  }
`);

const ReferralChanged = graphql(`
  subscription ReferralChanged { referralUpdated { id status } }
`);

const View = graphql(`mutation ViewReferral($id: ID!) { viewReferral(id: $id) { id viewedAt } }`);
const Accept = graphql(`mutation AcceptReferral($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version appointmentAt } }`);
const Decline = graphql(`mutation DeclineReferral($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version } }`);
const Start = graphql(`mutation StartReferral($input: TransitionReferralInput!) { startReferral(input: $input) { id status version } }`);
const Hold = graphql(`mutation HoldReferral($input: TransitionReferralInput!) { holdReferral(input: $input) { id status version } }`);
const Complete = graphql(`mutation CompleteReferral($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version } }`);
const Cancel = graphql(`mutation CancelReferral($input: TransitionReferralInput!) { cancelReferral(input: $input) { id status version } }`);
const Redirect = graphql(`mutation RedirectReferral($input: RedirectReferralInput!) { redirectReferral(input: $input) { id } }`);
const AnswerFollowUp = graphql(`mutation AnswerProviderCheck($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { followUp { id status } } }`);

type R = ReferralDetailQuery['referral'];
const OPEN = ['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];
const refetch = { refetchQueries: ['ReferralDetail'], awaitRefetchQueries: true };

function PartnerActions({ r }: { r: R }) {
  const { t } = useTranslation();
  const [accept, a] = useMutation(Accept, refetch);
  const [decline, d] = useMutation(Decline, refetch);
  const [start, s] = useMutation(Start, refetch);
  const [hold, h] = useMutation(Hold, refetch);
  const [complete, c] = useMutation(Complete, refetch);
  const [holdReason, setHoldReason] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const base = { referralId: r.id, expectedVersion: r.version };
  const error = a.error ?? d.error ?? s.error ?? h.error ?? c.error;
  return (
    <Card withBorder component="section" aria-labelledby="actions-h">
      <Title order={2} size="h4" id="actions-h">{t('referral.actions')}</Title>
      <ErrorAlert error={error} />
      {r.status === 'SENT' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          <AcceptForm loading={a.loading} onAccept={(appointmentAt, note) => void accept({ variables: { input: { ...base, appointmentAt, reason: note || undefined } } }).catch(() => null)} />
          <DeclineForm loading={d.loading} onDecline={(reason, note) => void decline({ variables: { input: { ...base, declineReason: reason as 'OTHER', reason: note || undefined } } }).catch(() => null)} />
        </SimpleGrid>
      )}
      {(r.status === 'ACCEPTED' || r.status === 'ON_HOLD') && (
        <Button mt="xs" loading={s.loading} onClick={() => void start({ variables: { input: base } }).catch(() => null)}>{t('referral.start')}</Button>
      )}
      {r.status === 'IN_PROGRESS' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          <Stack gap="xs">
            <TextInput label={t('referral.holdReason')} value={holdReason} onChange={(e) => setHoldReason(e.currentTarget.value)} />
            <Button variant="default" disabled={!holdReason.trim()} loading={h.loading} onClick={() => void hold({ variables: { input: { ...base, reason: holdReason } } }).catch(() => null)}>{t('referral.hold')}</Button>
          </Stack>
          <Stack gap="xs">
            <Select label={t('referral.outcome')} value={outcome} onChange={setOutcome}
              data={['NEED_MET', 'PARTIALLY_MET', 'NOT_MET'].map((v) => ({ value: v, label: t(`enum.ReferralOutcome.${v}`) }))} />
            <Button disabled={!outcome} loading={c.loading} onClick={() => void complete({ variables: { input: { ...base, outcome: outcome as 'NEED_MET' } } }).catch(() => null)}>{t('referral.complete')}</Button>
          </Stack>
        </SimpleGrid>
      )}
      {!['SENT', 'ACCEPTED', 'ON_HOLD', 'IN_PROGRESS'].includes(r.status) && <Text size="sm" c="dimmed" mt="xs">{t('referral.noActions')}</Text>}
    </Card>
  );
}

function ProviderQuestions({ items }: { items: ReferralDetailQuery['followUps']['edges'] }) {
  const { t } = useTranslation();
  const [answer, a] = useMutation(AnswerFollowUp, refetch);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Record<string, string | null>>({});
  const questions = items.map((e) => e.node).filter((f) => f.contactTarget === 'PROVIDER');
  if (!questions.length) return null;
  return (
    <Card withBorder component="section" aria-labelledby="questions-h">
      <Title order={2} size="h4" id="questions-h">{t('referral.questions')}</Title>
      {questions.map((f) => (
        <Stack key={f.id} gap="xs" mt="xs">
          <Text size="sm" fw={600}>{f.question ?? t(`enum.FollowUpKind.${f.kind}`)}</Text>
          <Select label={t('followUp.result')} value={results[f.id] ?? null} onChange={(v) => setResults((x) => ({ ...x, [f.id]: v }))}
            data={['SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'ATTENDED', 'NOT_ATTENDED', 'OTHER'].map((v) => ({ value: v, label: t(`enum.FollowUpResult.${v}`) }))} />
          <Textarea label={t('followUp.notes')} value={notes[f.id] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setNotes((x) => ({ ...x, [f.id]: v })); }} />
          <Button loading={a.loading} onClick={() => void answer({ variables: { input: {
            followUpId: f.id, channel: 'PARTNER_IN_RUJUK', reached: true, result: (results[f.id] ?? undefined) as 'OTHER' | undefined, notes: notes[f.id] || undefined,
          } } }).catch(() => null)}>{t('referral.answer')}</Button>
        </Stack>
      ))}
      <ErrorAlert error={a.error} />
    </Card>
  );
}

function SenderActions({ r }: { r: R }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [cancel, c] = useMutation(Cancel, refetch);
  const [redirect, d] = useMutation(Redirect);
  const [reason, setReason] = useState('');
  const canRedirect = (r.status === 'DECLINED' || r.status === 'EXPIRED') && !r.next && r.suggestedNext;
  return (
    <Card withBorder component="section" aria-labelledby="actions-h">
      <Title order={2} size="h4" id="actions-h">{t('referral.actions')}</Title>
      {canRedirect && r.suggestedNext && (
        <Alert color="blue" mt="xs" title={t('referral.suggested')}>
          <Text size="sm">{r.suggestedNext.service.name} — {r.suggestedNext.service.organization.name}</Text>
          <List size="xs">{r.suggestedNext.reasons.map((x) => <List.Item key={x}>{x}</List.Item>)}</List>
          <Button mt="xs" loading={d.loading} onClick={async () => {
            const res = await redirect({ variables: { input: { referralId: r.id, serviceId: r.suggestedNext!.service.id, reason: t('referral.redirectReason') } } }).catch(() => null);
            if (res?.data) navigate(`/referrals/${res.data.redirectReferral.id}`);
          }}>{t('referral.redirect')}</Button>
          <ErrorAlert error={d.error} />
        </Alert>
      )}
      {OPEN.includes(r.status) && (
        <Group align="end" mt="xs">
          <TextInput label={t('referral.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button color="red" variant="outline" disabled={!reason.trim()} loading={c.loading}
            onClick={() => void cancel({ variables: { input: { referralId: r.id, expectedVersion: r.version, reason } } }).catch(() => null)}>{t('referral.cancel')}</Button>
        </Group>
      )}
      <ErrorAlert error={c.error} />
      {!canRedirect && !OPEN.includes(r.status) && <Text size="sm" c="dimmed" mt="xs">{t('referral.noActions')}</Text>}
    </Card>
  );
}

export default function ReferralPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const partner = isPartner(user);
  const q = useQuery(ReferralDetail, { variables: { id } });
  const [view] = useMutation(View);
  const viewed = useRef(false);
  useSubscription(ReferralChanged, { onData: ({ data }) => { if (data.data?.referralUpdated.id === id) void q.refetch(); } });
  const r = q.data?.referral;
  useEffect(() => {
    if (partner && r && !r.viewedAt && !viewed.current && r.toOrganization.id === user.organizationId) {
      viewed.current = true;
      void view({ variables: { id: r.id } }).catch(() => null);
    }
  }, [partner, r, user.organizationId, view]);
  if (q.loading && !q.data) return <Loading />;
  if (!r) return <ErrorAlert error={q.error} />;
  const receiving = r.toOrganization.id === user.organizationId;
  const events = [...r.events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <div>
          <Title order={1}>{r.service.name}</Title>
          <Text c="dimmed">{r.toOrganization.name} · {t('referral.attempt', { n: r.attempt })} · {t(`enum.Urgency.${r.urgency}`)}</Text>
          {!partner && r.caseId && <Anchor component={Link} to={`/cases/${r.caseId}`} size="sm">{t('referral.toCase')}</Anchor>}
        </div>
        <StatusBadge status={r.status} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="section" aria-labelledby="summary-h">
          <Title order={2} size="h4" id="summary-h">{t('referral.summary')}</Title>
          <Stack gap={4} mt="xs">
            <Text size="sm">{t('referral.sentAt')}: {formatDateTime(r.sentAt)}</Text>
            {r.status === 'SENT' && <Text size="sm">{t('referral.deadline')}: {formatDateTimeZone(r.acceptBy)} <Countdown until={r.acceptBy} /></Text>}
            <Text size="sm" data-testid="appointment">{t('referral.appointment')}: {formatDateTimeZone(r.appointmentAt)}</Text>
            {r.declineReason && <Text size="sm">{t('referral.declineReason')}: {t(`enum.DeclineReason.${r.declineReason}`)}</Text>}
            {r.statusReason && <Text size="sm">{t('referral.partnerNote')}: {r.statusReason}</Text>}
            {r.outcome && <Text size="sm">{t('referral.outcome')}: {t(`enum.ReferralOutcome.${r.outcome}`)}</Text>}
            {r.note && <Text size="sm">{t('referral.message')}: {r.note}</Text>}
            {r.sharing && <Text size="sm">{t('referral.sharing')}: {r.sharing.mode === 'CONSENT' ? r.sharing.categories.map((k) => t(`enum.ConsentCategory.${k}`)).join(', ') : t('referral.withoutIdentifying')}</Text>}
            {r.previous && <Text size="sm">{t('referral.previous')}: <Anchor component={Link} to={`/referrals/${r.previous.id}`}>{r.previous.service.name}</Anchor> ({t(`enum.ReferralStatus.${r.previous.status}`)})</Text>}
            {r.next && <Text size="sm">{t('referral.next')}: <Anchor component={Link} to={`/referrals/${r.next.id}`}>{r.next.service.name}</Anchor> ({t(`enum.ReferralStatus.${r.next.status}`)})</Text>}
          </Stack>
        </Card>
        <SharedClientCard client={r.client} />
      </SimpleGrid>
      {partner && receiving ? <PartnerActions r={r} /> : !partner && <SenderActions r={r} />}
      {partner && receiving && <ProviderQuestions items={q.data!.followUps.edges} />}
      <Card withBorder component="section" aria-labelledby="rtimeline-h">
        <Title order={2} size="h4" id="rtimeline-h">{t('referral.timeline')}</Title>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <Text size="sm"><Text span c="dimmed" size="xs">{formatDateTime(e.at)}</Text> {e.fromStatus ? `${t(`enum.ReferralStatus.${e.fromStatus}`)} → ` : ''}{t(`enum.ReferralStatus.${e.toStatus}`)}
                {' '}<Badge component="span" size="xs" variant="light" color="dark">{t(`actorKind.${e.actorKind}`, { defaultValue: e.actorKind })}</Badge>{e.reason && ` — ${e.reason}`}</Text>
            </li>
          ))}
        </ol>
      </Card>
      <Text size="xs" c="dimmed">{t('referral.createdNote', { date: formatDate(r.sentAt) })}</Text>
    </Stack>
  );
}
