import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, List, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../components/common';
import { formatDate } from '../format';
import { graphql } from '../gql';
import type { RegisterClientMutation } from '../gql/graphql';

const Clients = graphql(`
  query Clients($search: String) {
    clients(search: $search, first: 50) {
      totalCount
      edges { node { id fullName birthDate sex regionCode nikMasked } }
    }
  }
`);

const RegisterClient = graphql(`
  mutation RegisterClient($input: RegisterClientInput!) {
    registerClient(input: $input) {
      client { id }
      possibleDuplicates { id fullName birthDate regionCode }
    }
  }
`);

const Regions = graphql(`
  query RegionSearch($search: String) {
    regions(search: $search, level: VILLAGE, first: 20) { edges { node { code name } } }
  }
`);

function RegisterForm({ onDone }: { onDone(id: string): void }) {
  const { t } = useTranslation();
  const [fullName, setFullName] = useState('');
  const [sex, setSex] = useState<string | null>(null);
  const [birthDate, setBirthDate] = useState('');
  const [phone, setPhone] = useState('');
  const [nik, setNik] = useState('');
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [regionSearch, setRegionSearch] = useState('');
  const [debounced] = useDebouncedValue(regionSearch, 250);
  const regions = useQuery(Regions, { variables: { search: debounced || null }, skip: debounced.length < 3 });
  const [duplicates, setDuplicates] = useState<RegisterClientMutation['registerClient']['possibleDuplicates']>([]);
  const [register, { loading, error }] = useMutation(RegisterClient);

  const submit = async (confirm: boolean) => {
    const res = await register({ variables: { input: {
      fullName, sex: sex as 'FEMALE' | 'MALE', birthDate: birthDate || undefined, phone: phone || undefined, nik: nik || undefined,
      regionCode: regionCode ?? '', confirmNotDuplicate: confirm || undefined,
    } } }).catch(() => null);
    const payload = res?.data?.registerClient;
    if (!payload) return;
    if (payload.client) onDone(payload.client.id);
    else setDuplicates(payload.possibleDuplicates);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(false);
  };
  const regionOptions = (regions.data?.regions.edges ?? []).map((e) => ({ value: e.node.code, label: `${e.node.name} (${e.node.code})` }));
  return (
    <form onSubmit={onSubmit}>
      <Stack>
        <TextInput label={t('client.fullName')} required value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} />
        <Select label={t('client.sex')} required value={sex} onChange={setSex}
          data={[{ value: 'FEMALE', label: t('enum.Sex.FEMALE') }, { value: 'MALE', label: t('enum.Sex.MALE') }]} />
        <TextInput label={t('client.birthDate')} type="date" value={birthDate} onChange={(e) => setBirthDate(e.currentTarget.value)} />
        <Select label={t('client.region')} description={t('client.regionHelp')} required searchable value={regionCode} onChange={setRegionCode}
          searchValue={regionSearch} onSearchChange={setRegionSearch} data={regionOptions} filter={({ options }) => options}
          nothingFoundMessage={debounced.length >= 3 ? t('common.none') : t('client.typeMore')} />
        <TextInput label={t('client.phone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        <TextInput label={t('client.nik')} value={nik} onChange={(e) => setNik(e.currentTarget.value)} />
        <ErrorAlert error={error} />
        {duplicates.length > 0 && (
          <Alert color="orange" title={t('client.duplicateTitle')} role="alert">
            <Text size="sm">{t('client.duplicateBody')}</Text>
            <List size="sm" my="xs">
              {duplicates.map((d) => (
                <List.Item key={d.id}><Anchor component={Link} to={`/clients/${d.id}`}>{d.fullName}</Anchor> — {formatDate(d.birthDate)} — {d.regionCode}</List.Item>
              ))}
            </List>
            <Button color="orange" onClick={() => void submit(true)} loading={loading}>{t('client.registerAnyway')}</Button>
          </Alert>
        )}
        {duplicates.length === 0 && <Button type="submit" loading={loading}>{t('client.register')}</Button>}
      </Stack>
    </form>
  );
}

export default function ClientsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const [registering, setRegistering] = useState(false);
  const clients = useQuery(Clients, { variables: { search: debounced || null } });
  const rows = (clients.data?.clients.edges ?? []).map((e) => e.node);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('clients.title')}</Title>
        <Button onClick={() => setRegistering(true)}>{t('clients.register')}</Button>
      </Group>
      <TextInput label={t('clients.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} type="search" />
      <ErrorAlert error={clients.error} />
      <Table striped>
        <Table.Thead><Table.Tr><Table.Th>{t('client.fullName')}</Table.Th><Table.Th>{t('client.birthDate')}</Table.Th><Table.Th>{t('client.sex')}</Table.Th><Table.Th>{t('client.region')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td><Anchor component={Link} to={`/clients/${c.id}`}>{c.fullName}</Anchor></Table.Td>
              <Table.Td>{formatDate(c.birthDate)}</Table.Td>
              <Table.Td>{t(`enum.Sex.${c.sex}`)}</Table.Td>
              <Table.Td>{c.regionCode}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!clients.loading && rows.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
      <Modal opened={registering} onClose={() => setRegistering(false)} title={t('clients.register')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <RegisterForm onDone={(id) => navigate(`/clients/${id}`)} />
      </Modal>
    </Stack>
  );
}
