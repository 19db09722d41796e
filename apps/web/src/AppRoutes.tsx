import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { HomePage } from './pages/Home/HomePage.tsx';
import { NotFoundPage } from './pages/NotFound/NotFoundPage.tsx';

// Pages load on first visit: the home page does not pay for the captcha or WebAuthn code.
const DomainsPage = lazy(() => import('./pages/Domains/DomainsPage.tsx').then((m) => ({ default: m.DomainsPage })));
const SupportPage = lazy(() => import('./pages/Support/SupportPage.tsx').then((m) => ({ default: m.SupportPage })));
const DocumentationPage = lazy(() =>
  import('./pages/Documentation/DocumentationPage.tsx').then((m) => ({ default: m.DocumentationPage })),
);
const TermsPage = lazy(() => import('./pages/Terms/TermsPage.tsx').then((m) => ({ default: m.TermsPage })));
const DirectoryPage = lazy(() =>
  import('./pages/Directory/DirectoryPage.tsx').then((m) => ({ default: m.DirectoryPage })),
);
const SignUpPage = lazy(() => import('./pages/SignUp/SignUpPage.tsx').then((m) => ({ default: m.SignUpPage })));
const LastStepPage = lazy(() => import('./pages/SignUp/LastStepPage.tsx').then((m) => ({ default: m.LastStepPage })));
const SetPasswordPage = lazy(() =>
  import('./pages/SetPassword/SetPasswordPage.tsx').then((m) => ({ default: m.SetPasswordPage })),
);
const SignInPage = lazy(() => import('./pages/SignIn/SignInPage.tsx').then((m) => ({ default: m.SignInPage })));
const ForgotPasswordPage = lazy(() =>
  import('./pages/ForgotPassword/ForgotPasswordPage.tsx').then((m) => ({ default: m.ForgotPasswordPage })),
);
const MyAccountPage = lazy(() =>
  import('./pages/MyAccount/MyAccountPage.tsx').then((m) => ({ default: m.MyAccountPage })),
);
const FactorsPage = lazy(() => import('./pages/Factors/FactorsPage.tsx').then((m) => ({ default: m.FactorsPage })));
const ChangeLoginEmailPage = lazy(() =>
  import('./pages/LoginEmail/ChangeLoginEmailPage.tsx').then((m) => ({ default: m.ChangeLoginEmailPage })),
);
const ConfirmLoginEmailPage = lazy(() =>
  import('./pages/LoginEmail/ConfirmLoginEmailPage.tsx').then((m) => ({ default: m.ConfirmLoginEmailPage })),
);

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="domaines" element={<DomainsPage />} />
        <Route path="support" element={<SupportPage />} />
        <Route path="documentation" element={<DocumentationPage />} />
        <Route path="conditions-d-utilisation" element={<TermsPage />} />
        <Route path="annuaire" element={<DirectoryPage />} />
        <Route path="creer-un-compte" element={<SignUpPage />} />
        <Route path="creer-un-compte/derniere-etape" element={<LastStepPage />} />
        <Route path="activer-mon-compte" element={<SetPasswordPage purpose="activation" />} />
        <Route path="reinitialiser-mot-de-passe" element={<SetPasswordPage purpose="password_reset" />} />
        <Route path="connexion" element={<SignInPage />} />
        <Route path="mot-de-passe-oublie" element={<ForgotPasswordPage />} />
        <Route path="confirmer-adresse" element={<ConfirmLoginEmailPage />} />
        <Route element={<RequireAuth />}>
          <Route path="mon-compte" element={<MyAccountPage />} />
          <Route path="mon-compte/facteurs" element={<FactorsPage />} />
          <Route path="mon-compte/adresse-de-connexion" element={<ChangeLoginEmailPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
