import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { Loading } from './components/loading.tsx';
import { loadFullCatalogue, loadShellCatalogue } from './i18n/index.ts';

const SignInPage = lazy(() => import('./pages/sign-in.tsx'));
const ActivationPage = lazy(() => import('./pages/activation.tsx'));
const PublicInfoPage = lazy(() =>
  Promise.all([import('./pages/public-info.tsx'), loadFullCatalogue()]).then(([m]) => m),
);
// Everything behind the sign-in lives in its own chunks: the sign-in page loads none of it.
// With it, the part of the catalogue the frame and the home pages name (vite.config.ts, i18nParts); other pages
// download the whole catalogue before they render (withFullCatalogue).
const SignedInApp = lazy(() => Promise.all([import('./signed-in-app.tsx'), loadShellCatalogue()]).then(([m]) => m));

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/connexion" component={SignInPage} />
        <Route path="/activation" component={ActivationPage} />
        <Route path="/infos/:schoolId">{(p) => <PublicInfoPage schoolId={p.schoolId} />}</Route>
        <Route>
          <SignedInApp />
        </Route>
      </Switch>
    </Suspense>
  );
}
