import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { Loading } from './components/loading.tsx';

const SignInPage = lazy(() => import('./pages/sign-in.tsx'));
const ActivationPage = lazy(() => import('./pages/activation.tsx'));
// Everything behind the sign-in lives in its own chunks: the sign-in page loads none of it.
const SignedInApp = lazy(() => import('./signed-in-app.tsx'));

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/connexion" component={SignInPage} />
        <Route path="/activation" component={ActivationPage} />
        <Route>
          <SignedInApp />
        </Route>
      </Switch>
    </Suspense>
  );
}
