import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert, Loading } from '../components/common';
import { formatDate, formatDateTime } from '../format';
import { graphql } from '../gql';

const ClientDetail = graphql(`
  query ClientDetail($id: ID!) {
    client(id: $id) { id fullName birthDate age sex regionCode phone nikMasked contactPreference safeContact }
    cases(clientId: $id, first: 50) { edges { node { id stage openedAt priority } } }
  }
`);

const OpenCase = graphql(`
  mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { id } }
`);

export default function ClientPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [priority, setPriority] = useState<string | null>('ROUTINE');
  const q = useQuery(ClientDetail, { variables: { id } });
  const [openCase, opening] = useMutation(OpenCase);
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const c = q.data.client;
  const open = async () => {
    const res = await openCase({ variables: { input: { clientId: id, priority: priority as 'ROUTINE' } } }).catch(() => null);
    if (res?.data) navigate(`/cases/${res.data.openCase.id}`);
  };
  return (
    <Stack>
      <Title order={1}>{c.fullName}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">{t('client.details')}</Title>
          <Text size="sm">{t('client.birthDate')}: {formatDate(c.birthDate)} ({t('client.ageYears', { count: c.age })})</Text>
          <Text size="sm">{t('client.sex')}: {t(`enum.Sex.${c.sex}`)}</Text>
          <Text size="sm">{t('client.region')}: {c.regionCode}</Text>
          <Text size="sm">{t('client.phone')}: {c.phone ?? '—'}</Text>
          <Text size="sm">{t('client.nik')}: {c.nikMasked ?? '—'}</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">{t('client.openCase')}</Title>
          <Group align="end">
            <Select label={t('case.priority')} value={priority} onChange={setPriority}
              data={['ROUTINE', 'URGENT', 'EMERGENCY'].map((u) => ({ value: u, label: t(`enum.Urgency.${u}`) }))} />
            <Button onClick={() => void open()} loading={opening.loading}>{t('client.openCase')}</Button>
          </Group>
          <ErrorAlert error={opening.error} />
        </Card>
      </SimpleGrid>
      <Title order={2} size="h3">{t('client.cases')}</Title>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('case.openedAt')}</Table.Th><Table.Th>{t('case.stage')}</Table.Th><Table.Th>{t('case.priority')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {q.data.cases.edges.map(({ node }) => (
            <Table.Tr key={node.id}>
              <Table.Td><Anchor component={Link} to={`/cases/${node.id}`}>{formatDateTime(node.openedAt)}</Anchor></Table.Td>
              <Table.Td>{t(`enum.CaseStage.${node.stage}`)}</Table.Td>
              <Table.Td>{t(`enum.Urgency.${node.priority}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
