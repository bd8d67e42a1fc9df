import { Alert, Button, Center, Paper, PasswordInput, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { setLanguage } from '../i18n';
import { useSession } from '../session';

export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<'invalid' | 'error' | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await signIn(email, password);
    setBusy(false);
    if (result !== 'ok') return setFailure(result);
    const next = params.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  };

  return (
    <main>
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
          <form onSubmit={submit}>
            <Stack>
              <Title order={1} size="h2">{t('signIn.title')}</Title>
              <SegmentedControl
                size="xs"
                aria-label={t('nav.language')}
                value={i18n.language === 'en' ? 'en' : 'id'}
                onChange={(v) => setLanguage(v as 'id' | 'en')}
                data={[{ value: 'id', label: 'Bahasa Indonesia' }, { value: 'en', label: 'English' }]}
              />
              {failure && <Alert color="red" role="alert">{t(failure === 'invalid' ? 'signIn.invalid' : 'signIn.error')}</Alert>}
              <TextInput label={t('signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
              <PasswordInput label={t('signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>{t('signIn.submit')}</Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </main>
  );
}
