import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { HomePage } from './pages/Home/HomePage.tsx';
import { DomainsPage } from './pages/Domains/DomainsPage.tsx';
import { SupportPage } from './pages/Support/SupportPage.tsx';
import { DocumentationPage } from './pages/Documentation/DocumentationPage.tsx';
import { TermsPage } from './pages/Terms/TermsPage.tsx';
import { DirectoryPage } from './pages/Directory/DirectoryPage.tsx';
import { SignUpPage } from './pages/SignUp/SignUpPage.tsx';
import { LastStepPage } from './pages/SignUp/LastStepPage.tsx';
import { SetPasswordPage } from './pages/SetPassword/SetPasswordPage.tsx';
import { SignInPage } from './pages/SignIn/SignInPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPassword/ForgotPasswordPage.tsx';
import { MyAccountPage } from './pages/MyAccount/MyAccountPage.tsx';
import { FactorsPage } from './pages/Factors/FactorsPage.tsx';
import { ChangeLoginEmailPage } from './pages/LoginEmail/ChangeLoginEmailPage.tsx';
import { ConfirmLoginEmailPage } from './pages/LoginEmail/ConfirmLoginEmailPage.tsx';
import { NotFoundPage } from './pages/NotFound/NotFoundPage.tsx';

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
