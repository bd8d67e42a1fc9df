import { AppShell, Burger, Button, Group, NavLink, SegmentedControl, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { setLanguage } from './i18n';
import { isPartner, useSession, useUser } from './session';
import { LiveNotifications } from './components/LiveNotifications';

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const here = useLocation().pathname;
  // A keyboard or screen-reader user who follows a link or a button to another page continues from the start of
  // that page's content, not from the top of the document (or nowhere, when the element they used is gone).
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [here]);
  const links = isPartner(user)
    ? [['/', 'nav.home'], ['/inbox', 'nav.inbox'], ['/follow-ups', 'nav.followUps'], ['/services', 'nav.services']]
    : [['/', 'nav.home'], ['/clients', 'nav.clients'], ['/follow-ups', 'nav.followUps']];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">{t('nav.skip')}</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={2} size="h4">Rujuk</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm">{user.name}</Text>
            <SegmentedControl
              size="xs"
              aria-label={t('nav.language')}
              value={i18n.language === 'en' ? 'en' : 'id'}
              onChange={(v) => setLanguage(v as 'id' | 'en')}
              data={[{ value: 'id', label: 'ID' }, { value: 'en', label: 'EN' }]}
            />
            <Button size="xs" variant="default" onClick={() => void signOut()}>{t('nav.signOut')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} component="nav">
        {links.map(([to, key]) => (
          <NavLink key={to} component={Link} to={to} label={t(key)} onClick={close} variant="filled"
            active={to === '/' ? here === '/' : here.startsWith(to)} aria-current={(to === '/' ? here === '/' : here.startsWith(to)) ? 'page' : undefined} />
        ))}
        <VisuallyHidden><LiveNotifications /></VisuallyHidden>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>{children}</AppShell.Main>
    </AppShell>
  );
}
