import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { ApiError } from './api/client.ts';
import { hasAbility, useMe } from './api/queries.ts';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/loading.tsx';
import { signInPathFor } from './components/redirect.ts';
import { SessionWatch } from './components/session-watch.tsx';
import { ErrorAlert } from './features/errors.tsx';
import { changeLocale, currentLocale } from './i18n/index.ts';

const HomePage = lazy(() => import('./pages/home.tsx'));
const ChildPage = lazy(() => import('./pages/child.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications.tsx'));
const AccountPage = lazy(() => import('./pages/account.tsx'));
const DirectoryPage = lazy(() => import('./pages/directory.tsx'));
const PersonPage = lazy(() => import('./pages/person.tsx'));
const AdminPage = lazy(() => import('./pages/admin.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found.tsx'));

export default function SignedInApp() {
  const me = useMe();
  const [location] = useLocation();
  const search = useSearch();
  const { t } = useTranslation();
  const locale = me.data?.person.locale;

  // The language saved on the account follows the person from device to device.
  useEffect(() => {
    if (locale && locale !== currentLocale()) void changeLocale(locale);
  }, [locale]);

  if (me.isPending) return <Loading />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.code === 'UNAUTHENTICATED') {
      return <Redirect to={signInPathFor(location + (search ? `?${search}` : ''))} replace />;
    }
    return (
      <main id="main" className="public-main">
        <h1>{t('errors.title')}</h1>
        <ErrorAlert error={me.error} />
      </main>
    );
  }
  const data = me.data;
  const can = (a: string) => hasAbility(data, a);
  return (
    <Layout me={data}>
      <SessionWatch login={data.person.login} personId={data.person.id} />
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            <HomePage me={data} />
          </Route>
          <Route path="/enfants/:id">{(p) => <ChildPage id={p.id} />}</Route>
          <Route path="/notifications" component={NotificationsPage} />
          <Route path="/compte">
            <AccountPage me={data} />
          </Route>
          {can('directory.search') && (
            <Route path="/annuaire">
              <DirectoryPage me={data} />
            </Route>
          )}
          {can('directory.search') && (
            <Route path="/annuaire/:personId">{(p) => <PersonPage me={data} personId={p.personId} />}</Route>
          )}
          {can('directory.admin') && (
            <Route path="/administration" nest>
              <AdminPage me={data} />
            </Route>
          )}
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </Layout>
  );
}
