import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Card, Center, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Countdown, ErrorAlert, Loading, StatusBadge } from '../components/common';
import { SharedClientCard } from '../components/SharedClientCard';
import { formatDateTimeZone } from '../format';
import { graphql } from '../gql';
import { setLanguage } from '../i18n';
import { AcceptForm, DeclineForm } from '../components/AnswerForms';

const LinkView = graphql(`
  query ReferralLinkPage($token: String!) {
    referralLink(token: $token) {
      id status urgency acceptBy appointmentAt declineReason note
      service { id name }
      fromOrganization { id name }
      toOrganization { id name }
      need { category categoryName serviceTypes serviceTypeNames severity description }
      client {
        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages
        need { category categoryName description severity }
      }
    }
  }
`);

const AcceptByLink = graphql(`
  mutation AcceptReferralByLink($token: String!, $input: AcceptReferralByLinkInput!) {
    acceptReferralByLink(token: $token, input: $input) { id status appointmentAt }
  }
`);

const DeclineByLink = graphql(`
  mutation DeclineReferralByLink($token: String!, $input: DeclineReferralByLinkInput!) {
    declineReferralByLink(token: $token, input: $input) { id status declineReason }
  }
`);

/**
 * The page a partner without an account opens from the e-mail: the need and the consented client data, and
 * accept or decline, nothing else. The token in the address is the only credential.
 */
export default function LinkPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const q = useQuery(LinkView, { variables: { token }, fetchPolicy: 'network-only' });
  const [accept, a] = useMutation(AcceptByLink);
  const [decline, d] = useMutation(DeclineByLink);
  const answered = a.data?.acceptReferralByLink ?? d.data?.declineReferralByLink;
  const r = q.data?.referralLink;
  return (
    <main>
      <Center p="md">
        <Stack w={880} maw="100%">
          <Group justify="space-between">
            <Title order={1}>{t('link.title')}</Title>
            <SegmentedControl size="xs" aria-label={t('nav.language')} value={i18n.language === 'en' ? 'en' : 'id'} onChange={(v) => setLanguage(v as 'id' | 'en')}
              data={[{ value: 'id', label: 'ID' }, { value: 'en', label: 'EN' }]} />
          </Group>
          {q.loading && !q.data && <Loading />}
          {!r && q.error && <Alert color="red" role="alert" title={t('link.invalidTitle')}>{t('link.invalid')}</Alert>}
          {r && (
            <>
              <Group justify="space-between">
                <div>
                  <Title order={2} size="h3">{r.service.name}</Title>
                  <Text c="dimmed">{t('link.from', { from: r.fromOrganization.name, to: r.toOrganization.name })} · {t(`enum.Urgency.${r.urgency}`)}</Text>
                </div>
                <StatusBadge status={answered?.status ?? r.status} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Card withBorder component="section" aria-labelledby="need-h">
                  <Title order={2} size="h4" id="need-h">{t('shared.need')}</Title>
                  <Text size="sm" mt="xs" data-testid="need-category">{r.need.categoryName} · {t(`enum.Severity.${r.need.severity}`, { defaultValue: r.need.severity })}</Text>
                  {r.need.serviceTypeNames.length > 0 && <Text size="sm">{t('need.serviceTypes')}: {r.need.serviceTypeNames.join(', ')}</Text>}
                  {r.need.description && <Text size="sm">{r.need.description}</Text>}
                  {r.note && <Text size="sm" mt="xs">{t('referral.message')}: {r.note}</Text>}
                  {r.status === 'SENT' && !answered && <Text size="sm" mt="xs">{t('referral.deadline')}: {formatDateTimeZone(r.acceptBy)} <Countdown until={r.acceptBy} /></Text>}
                </Card>
                <SharedClientCard client={r.client} />
              </SimpleGrid>
              {answered ? (
                <Alert color="teal" role="status" title={t('link.thanks')}>{t(answered.status === 'ACCEPTED' ? 'link.accepted' : 'link.declined')}</Alert>
              ) : r.status === 'SENT' ? (
                <Card withBorder component="section" aria-labelledby="answer-h">
                  <Title order={2} size="h4" id="answer-h">{t('link.answer')}</Title>
                  <ErrorAlert error={a.error ?? d.error} />
                  <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                    <AcceptForm loading={a.loading} onAccept={(appointmentAt, note) => void accept({ variables: { token, input: { appointmentAt, note: note || undefined } } }).catch(() => null)} />
                    <DeclineForm loading={d.loading} onDecline={(reason, note) => void decline({ variables: { token, input: { declineReason: reason as 'OTHER', note: note || undefined } } }).catch(() => null)} />
                  </SimpleGrid>
                </Card>
              ) : (
                <Alert color="gray" role="status">{t('link.closed')}</Alert>
              )}
            </>
          )}
        </Stack>
      </Center>
    </main>
  );
}
