import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  Anchor, Badge, Button, Card, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert, Loading, StatusBadge } from '../components/common';
import { formatDate, formatDateTime, formatDateTimeZone } from '../format';
import { graphql } from '../gql';
import type { CaseWorkspaceQuery } from '../gql/graphql';

const CaseWorkspace = graphql(`
  query CaseWorkspace($id: ID!) {
    case(id: $id) {
      id stage priority openedAt version clientId
      client { id fullName age sex regionCode }
      assessments { id instrument instrumentVersion baseline takenAt total items { code score } }
      needs { id category serviceTypes severity status description lastMatchResultCount }
      goals { id description evaluationCriteria targetDate term status attainment }
      consents { id categories recipientOrganizationIds method purpose givenAt withdrawnAt referralId }
      notes { id body createdAt }
      events { id type at fromState toState reason code }
      referrals {
        id status attempt acceptBy appointmentAt service { id name } toOrganization { id name }
        events { id at fromStatus toStatus actorKind reason }
      }
    }
    needCategories { code nameId nameEn defaultServiceTypes }
    serviceTypes { code nameId nameEn }
  }
`);

const CaseReferralUpdates = graphql(`
  subscription CaseReferralUpdates($caseId: ID) {
    referralUpdated(caseId: $caseId) { id status }
  }
`);

const OrganizationOptions = graphql(`
  query OrganizationOptions($search: String) {
    organizations(search: $search, first: 50) { edges { node { id name } } }
  }
`);

const SetStage = graphql(`mutation SetCaseStage($input: SetCaseStageInput!) { setCaseStage(input: $input) { id stage version } }`);
const RecordAssessment = graphql(`mutation RecordAssessment($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }`);
const AddNeed = graphql(`mutation AddNeed($input: AddNeedInput!) { addNeed(input: $input) { id } }`);
const SetGoals = graphql(`mutation SetGoals($input: SetGoalsInput!) { setGoals(input: $input) { id } }`);
const RecordConsent = graphql(`mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`);
const WithdrawConsent = graphql(`mutation WithdrawConsent($id: ID!) { withdrawConsent(consentId: $id) { id withdrawnAt } }`);
const AddNote = graphql(`mutation AddCaseNote($caseId: ID!, $body: String!) { addCaseNote(caseId: $caseId, body: $body) { id } }`);

type CaseData = CaseWorkspaceQuery['case'];
const STAGES = ['INTAKE', 'ASSESSMENT', 'PLANNING', 'INTERVENTION', 'MONITORING', 'EVALUATION'];
const CONSENT_CATEGORIES = ['IDENTITY', 'CONTACT', 'NEEDS_SUMMARY', 'ASSESSMENT_DETAIL', 'HEALTH', 'LEGAL_HISTORY'];
const refetch = { refetchQueries: ['CaseWorkspace'], awaitRefetchQueries: true };

function useName() {
  const { i18n } = useTranslation();
  return (x: { nameId: string; nameEn: string } | undefined, code: string) => (x ? (i18n.language === 'en' ? x.nameEn : x.nameId) : code);
}

function StageCard({ c }: { c: CaseData }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<string | null>(c.stage);
  const [save, s] = useMutation(SetStage, refetch);
  return (
    <Card withBorder component="section" aria-labelledby="stage-h">
      <Title order={2} size="h4" id="stage-h">{t('case.stage')}</Title>
      <Group align="end" mt="xs">
        <Select label={t('case.stage')} value={stage} onChange={setStage} data={STAGES.map((v) => ({ value: v, label: t(`enum.CaseStage.${v}`) }))} />
        <Button variant="default" disabled={stage === c.stage} loading={s.loading}
          onClick={() => void save({ variables: { input: { caseId: c.id, stage: stage as 'PLANNING' } } }).catch(() => null)}>{t('common.save')}</Button>
      </Group>
      <ErrorAlert error={s.error} />
    </Card>
  );
}

function AssessmentCard({ c }: { c: CaseData }) {
  const { t } = useTranslation();
  const [instrument, setInstrument] = useState('PMKS-FUNGSI');
  const [items, setItems] = useState<{ code: string; score: number | string }[]>([{ code: '', score: '' }]);
  const [save, s] = useMutation(RecordAssessment, refetch);
  const hasBaseline = c.assessments.some((a) => a.baseline && a.instrument === instrument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await save({ variables: { input: {
      caseId: c.id, instrument, instrumentVersion: '1', baseline: !hasBaseline,
      items: items.filter((i) => i.code).map((i) => ({ code: i.code, score: Number(i.score) })),
    } } }).catch(() => null);
    if (res?.data) setItems([{ code: '', score: '' }]);
  };
  return (
    <Card withBorder component="section" aria-labelledby="assess-h">
      <Title order={2} size="h4" id="assess-h">{t('case.assessments')}</Title>
      {c.assessments.map((a) => (
        <Text size="sm" key={a.id} mt="xs">
          {a.baseline && <Badge component="span" mr="xs" variant="light" color="dark">{t('case.baseline')}</Badge>}
          {a.instrument} · {formatDate(a.takenAt)} · {t('case.total')}: {a.total} · {a.items.map((i) => `${i.code}: ${i.score}`).join(', ')}
        </Text>
      ))}
      <form onSubmit={submit}>
        <Stack gap="xs" mt="sm">
          <TextInput label={t('case.instrument')} value={instrument} onChange={(e) => setInstrument(e.currentTarget.value)} required />
          {items.map((item, i) => (
            <Group key={i} grow>
              <TextInput label={t('case.itemCode', { n: i + 1 })} value={item.code} required
                onChange={(e) => { const v = e.currentTarget.value; setItems((xs) => xs.map((x, j) => (j === i ? { ...x, code: v } : x))); }} />
              <NumberInput label={t('case.itemScore', { n: i + 1 })} value={item.score} required min={0} max={100}
                onChange={(v) => setItems((xs) => xs.map((x, j) => (j === i ? { ...x, score: v } : x)))} />
            </Group>
          ))}
          <Group>
            <Button variant="default" onClick={() => setItems((xs) => [...xs, { code: '', score: '' }])}>{t('case.addItem')}</Button>
            <Button type="submit" loading={s.loading}>{hasBaseline ? t('case.recordReassessment') : t('case.recordBaseline')}</Button>
          </Group>
          <ErrorAlert error={s.error} />
        </Stack>
      </form>
    </Card>
  );
}

function NeedsCard({ c, categories, types }: { c: CaseData; categories: CaseWorkspaceQuery['needCategories']; types: CaseWorkspaceQuery['serviceTypes'] }) {
  const { t } = useTranslation();
  const name = useName();
  const [category, setCategory] = useState<string | null>(null);
  const [serviceTypes, setServiceTypes] = useState<string[]>([]);
  const [severity, setSeverity] = useState<string | null>('MODERATE');
  const [description, setDescription] = useState('');
  const [add, s] = useMutation(AddNeed, refetch);
  const cat = (code: string) => name(categories.find((x) => x.code === code), code);
  const type = (code: string) => name(types.find((x) => x.code === code), code);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!category) return;
    const res = await add({ variables: { input: {
      caseId: c.id, category, serviceTypes: serviceTypes.length ? serviceTypes : undefined, severity: severity as 'MODERATE', description: description || undefined,
    } } }).catch(() => null);
    if (res?.data) { setCategory(null); setServiceTypes([]); setDescription(''); }
  };
  return (
    <Card withBorder component="section" aria-labelledby="needs-h">
      <Title order={2} size="h4" id="needs-h">{t('case.needs')}</Title>
      <Table mt="xs">
        <Table.Thead><Table.Tr><Table.Th>{t('need.category')}</Table.Th><Table.Th>{t('need.serviceTypes')}</Table.Th><Table.Th>{t('need.severity')}</Table.Th><Table.Th>{t('need.status')}</Table.Th><Table.Th><span className="sr-only">{t('need.match')}</span></Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {c.needs.map((n) => (
            <Table.Tr key={n.id}>
              <Table.Td>{cat(n.category)}{n.description && <Text size="xs" c="dimmed">{n.description}</Text>}</Table.Td>
              <Table.Td>{n.serviceTypes.map(type).join(', ')}</Table.Td>
              <Table.Td>{t(`enum.Severity.${n.severity}`)}</Table.Td>
              <Table.Td>{t(`enum.NeedStatus.${n.status}`)}</Table.Td>
              <Table.Td><Button component={Link} to={`/cases/${c.id}/needs/${n.id}/match`} size="xs" aria-label={t('need.matchFor', { need: cat(n.category) })}>{t('need.match')}</Button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit}>
        <Stack gap="xs" mt="sm">
          <Select label={t('need.category')} required searchable value={category}
            onChange={(v) => { setCategory(v); setServiceTypes(categories.find((x) => x.code === v)?.defaultServiceTypes ?? []); }}
            data={categories.map((x) => ({ value: x.code, label: name(x, x.code) }))} />
          <MultiSelect label={t('need.serviceTypes')} value={serviceTypes} onChange={setServiceTypes} searchable
            data={types.map((x) => ({ value: x.code, label: name(x, x.code) }))} />
          <Select label={t('need.severity')} value={severity} onChange={setSeverity}
            data={['LOW', 'MODERATE', 'HIGH', 'CRITICAL'].map((v) => ({ value: v, label: t(`enum.Severity.${v}`) }))} />
          <Textarea label={t('need.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Button type="submit" loading={s.loading}>{t('need.add')}</Button>
          <ErrorAlert error={s.error} />
        </Stack>
      </form>
    </Card>
  );
}

function GoalsCard({ c }: { c: CaseData }) {
  const { t } = useTranslation();
  const [description, setDescription] = useState('');
  const [criteria, setCriteria] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const [term, setTerm] = useState<string | null>('SHORT');
  const [save, s] = useMutation(SetGoals, refetch);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const existing = c.goals.map((g) => ({ id: g.id, description: g.description, evaluationCriteria: g.evaluationCriteria, targetDate: g.targetDate, term: g.term }));
    const res = await save({ variables: { input: { caseId: c.id, goals: [...existing, { description, evaluationCriteria: criteria, targetDate, term: term as 'SHORT' }] } } }).catch(() => null);
    if (res?.data) { setDescription(''); setCriteria(''); setTargetDate(''); }
  };
  return (
    <Card withBorder component="section" aria-labelledby="goals-h">
      <Title order={2} size="h4" id="goals-h">{t('case.goals')}</Title>
      {c.goals.map((g) => (
        <Text size="sm" key={g.id} mt="xs">
          {g.description} — {t(`enum.GoalTerm.${g.term}`)}, {formatDate(g.targetDate)} · {t(`enum.GoalStatus.${g.status}`)}
        </Text>
      ))}
      <form onSubmit={submit}>
        <Stack gap="xs" mt="sm">
          <TextInput label={t('goal.description')} required value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <TextInput label={t('goal.criteria')} required value={criteria} onChange={(e) => setCriteria(e.currentTarget.value)} />
          <Group grow>
            <TextInput label={t('goal.targetDate')} type="date" required value={targetDate} onChange={(e) => setTargetDate(e.currentTarget.value)} />
            <Select label={t('goal.term')} value={term} onChange={setTerm} data={['SHORT', 'LONG'].map((v) => ({ value: v, label: t(`enum.GoalTerm.${v}`) }))} />
          </Group>
          <Button type="submit" loading={s.loading}>{t('goal.add')}</Button>
          <ErrorAlert error={s.error} />
        </Stack>
      </form>
    </Card>
  );
}

export function useOrganizationNames(ids: string[]) {
  const orgs = useQuery(OrganizationOptions, { variables: { search: null } });
  const map = new Map((orgs.data?.organizations.edges ?? []).map((e) => [e.node.id, e.node.name]));
  return { name: (id: string) => map.get(id) ?? id, options: [...map].map(([value, label]) => ({ value, label })), ids };
}

function ConsentCard({ c }: { c: CaseData }) {
  const { t } = useTranslation();
  const orgs = useOrganizationNames([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [method, setMethod] = useState<string | null>('WRITTEN');
  const [purpose, setPurpose] = useState('');
  const [record, s] = useMutation(RecordConsent, refetch);
  const [withdraw, w] = useMutation(WithdrawConsent, refetch);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await record({ variables: { input: {
      clientId: c.clientId, caseId: c.id, categories: categories as 'IDENTITY'[], recipientOrganizationIds: recipients.length ? recipients : undefined,
      method: method as 'WRITTEN', purpose,
    } } }).catch(() => null);
    if (res?.data) { setCategories([]); setRecipients([]); setPurpose(''); }
  };
  return (
    <Card withBorder component="section" aria-labelledby="consent-h">
      <Title order={2} size="h4" id="consent-h">{t('case.consents')}</Title>
      {c.consents.map((x) => (
        <Group key={x.id} justify="space-between" mt="xs" wrap="nowrap">
          <Text size="sm">
            {x.categories.map((k) => t(`enum.ConsentCategory.${k}`)).join(', ')} → {x.recipientOrganizationIds.length ? x.recipientOrganizationIds.map(orgs.name).join(', ') : t('consent.anyRecipient')}
            {' · '}{t(`enum.ConsentMethod.${x.method}`)} · {formatDate(x.givenAt)}
            {x.withdrawnAt && <Badge component="span" ml="xs" color="red" variant="light">{t('consent.withdrawnOn', { date: formatDate(x.withdrawnAt) })}</Badge>}
          </Text>
          {!x.withdrawnAt && <Button size="xs" variant="default" color="red" loading={w.loading} onClick={() => void withdraw({ variables: { id: x.id } }).catch(() => null)}>{t('consent.withdraw')}</Button>}
        </Group>
      ))}
      <ErrorAlert error={w.error} />
      <form onSubmit={submit}>
        <Stack gap="xs" mt="sm">
          <MultiSelect label={t('consent.categories')} required searchable value={categories} onChange={setCategories}
            data={CONSENT_CATEGORIES.map((v) => ({ value: v, label: t(`enum.ConsentCategory.${v}`) }))} />
          <MultiSelect label={t('consent.recipients')} description={t('consent.recipientsHelp')} searchable value={recipients} onChange={setRecipients} data={orgs.options} />
          <Select label={t('consent.method')} value={method} onChange={setMethod} data={['WRITTEN', 'VERBAL'].map((v) => ({ value: v, label: t(`enum.ConsentMethod.${v}`) }))} />
          <TextInput label={t('consent.purpose')} required value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} />
          <Button type="submit" loading={s.loading}>{t('consent.record')}</Button>
          <ErrorAlert error={s.error} />
        </Stack>
      </form>
    </Card>
  );
}

function NotesCard({ c }: { c: CaseData }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [add, s] = useMutation(AddNote, refetch);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add({ variables: { caseId: c.id, body } }).catch(() => null);
    if (res?.data) setBody('');
  };
  return (
    <Card withBorder component="section" aria-labelledby="notes-h">
      <Title order={2} size="h4" id="notes-h">{t('case.notes')}</Title>
      {c.notes.map((n) => (
        <Text size="sm" key={n.id} mt="xs"><Text span c="dimmed" size="xs">{formatDateTime(n.createdAt)}</Text> {n.body}</Text>
      ))}
      <form onSubmit={submit}>
        <Stack gap="xs" mt="sm">
          <Textarea label={t('case.newNote')} required value={body} onChange={(e) => setBody(e.currentTarget.value)} />
          <Button type="submit" loading={s.loading}>{t('case.addNote')}</Button>
          <ErrorAlert error={s.error} />
        </Stack>
      </form>
    </Card>
  );
}

/**
 * Everything that happened in the case, newest first: the case's own events and every event of its referrals
 * (sent, viewed, accepted, declined, ... with the service's name and who acted). A recorded follow-up is written
 * with its kind and result in words.
 */
function timeline(c: CaseData, t: TFunction): { key: string; at: string; text: string }[] {
  const caseEvents = c.events.map((e) => {
    let text = t(`caseEvent.${e.type}`, { defaultValue: e.type });
    if (e.type === 'FOLLOW_UP_RECORDED') {
      // reason: "<kind>: <result>" or "<kind>: not reached"; toState: the task's status.
      const [kind, result] = (e.reason ?? '').split(': ');
      const outcome = result === 'not reached' ? t('case.notReached') : result && result !== 'null' ? t(`enum.FollowUpResult.${result}`, { defaultValue: result }) : '';
      text += `: ${t(`enum.FollowUpKind.${kind}`, { defaultValue: kind })}${outcome ? ` — ${outcome}` : ''}`;
    } else {
      if (e.toState) text += ` → ${t(`enum.CaseStage.${e.toState}`, { defaultValue: t(`enum.NeedStatus.${e.toState}`, { defaultValue: e.toState }) })}`;
      if (e.reason) text += ` — ${e.reason}`;
    }
    return { key: `c-${e.id}`, at: e.at, text };
  });
  const referralEvents = c.referrals.flatMap((r) => r.events.map((e) => ({
    key: `r-${e.id}`,
    at: e.at,
    text: `${t('case.referralEvent', { service: r.service.name })}: ${e.fromStatus ? `${t(`enum.ReferralStatus.${e.fromStatus}`)} → ` : ''}${t(`enum.ReferralStatus.${e.toStatus}`)}`
      + ` (${t(`actorKind.${e.actorKind}`, { defaultValue: e.actorKind })})${e.reason ? ` — ${e.reason}` : ''}`,
  })));
  return [...caseEvents, ...referralEvents].sort((a, b) => b.at.localeCompare(a.at));
}

export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery(CaseWorkspace, { variables: { id } });
  // A partner's answer arrives without a reload: refetch the workspace on every change of this case's referrals.
  useSubscription(CaseReferralUpdates, { variables: { caseId: id }, onData: () => void q.refetch() });
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const c = q.data.case;
  const events = timeline(c, t);
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1}>{t('case.title', { name: c.client.fullName })}</Title>
          <Text c="dimmed" size="sm">
            <Anchor component={Link} to={`/clients/${c.client.id}`}>{t('case.clientRecord')}</Anchor> · {t('case.openedAt')} {formatDate(c.openedAt)} · {t(`enum.Urgency.${c.priority}`)}
          </Text>
        </div>
        <Badge component="span" size="lg" variant="light" color="dark">{t(`enum.CaseStage.${c.stage}`)}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack>
          <StageCard c={c} />
          <NeedsCard c={c} categories={q.data.needCategories} types={q.data.serviceTypes} />
          <Card withBorder component="section" aria-labelledby="refs-h">
            <Title order={2} size="h4" id="refs-h">{t('case.referrals')}</Title>
            <Table mt="xs">
              <Table.Thead><Table.Tr><Table.Th>{t('referral.service')}</Table.Th><Table.Th>{t('referral.status')}</Table.Th><Table.Th>{t('referral.appointment')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {c.referrals.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td><Anchor component={Link} to={`/referrals/${r.id}`}>{r.service.name}</Anchor> <Text span size="xs" c="dimmed">{r.toOrganization.name}</Text></Table.Td>
                    <Table.Td><StatusBadge status={r.status} /></Table.Td>
                    <Table.Td>{formatDateTimeZone(r.appointmentAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <AssessmentCard c={c} />
          <GoalsCard c={c} />
        </Stack>
        <Stack>
          <ConsentCard c={c} />
          <NotesCard c={c} />
          <Card withBorder component="section" aria-labelledby="timeline-h">
            <Title order={2} size="h4" id="timeline-h">{t('case.timeline')}</Title>
            <ol className="timeline" data-testid="case-timeline">
              {events.map((e) => (
                <li key={e.key}>
                  <Text size="sm"><Text span c="dimmed" size="xs">{formatDateTime(e.at)}</Text> {e.text}</Text>
                </li>
              ))}
            </ol>
          </Card>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
