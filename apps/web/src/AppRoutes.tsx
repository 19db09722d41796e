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

// Organisation domain and « Mes rattachements »: one chunk per page as well.
const OrganisationPage = lazy(() =>
  import('./pages/Organisation/OrganisationPage.tsx').then((m) => ({ default: m.OrganisationPage })),
);
const StructuresDomainPage = lazy(() =>
  import('./pages/Organisation/StructuresDomainPage.tsx').then((m) => ({ default: m.StructuresDomainPage })),
);
const CreateStructurePage = lazy(() =>
  import('./pages/Organisation/CreateStructurePage.tsx').then((m) => ({ default: m.CreateStructurePage })),
);
const ManageStructurePage = lazy(() =>
  import('./pages/Organisation/ManageStructurePage.tsx').then((m) => ({ default: m.ManageStructurePage })),
);
const ServicesPage = lazy(() =>
  import('./pages/Organisation/ServicesPage.tsx').then((m) => ({ default: m.ServicesPage })),
);
const BankAccountsPage = lazy(() =>
  import('./pages/Organisation/BankAccountsPage.tsx').then((m) => ({ default: m.BankAccountsPage })),
);
const UsersDomainPage = lazy(() =>
  import('./pages/Organisation/UsersDomainPage.tsx').then((m) => ({ default: m.UsersDomainPage })),
);
const RequestMembershipPage = lazy(() =>
  import('./pages/Organisation/RequestMembershipPage.tsx').then((m) => ({ default: m.RequestMembershipPage })),
);
const InvitePage = lazy(() => import('./pages/Organisation/InvitePage.tsx').then((m) => ({ default: m.InvitePage })));
const DetachPage = lazy(() => import('./pages/Organisation/DetachPage.tsx').then((m) => ({ default: m.DetachPage })));
const MembersPage = lazy(() =>
  import('./pages/Organisation/MembersPage.tsx').then((m) => ({ default: m.MembersPage })),
);
const MemberDetailPage = lazy(() =>
  import('./pages/Organisation/MemberDetailPage.tsx').then((m) => ({ default: m.MemberDetailPage })),
);
const ProfilesPage = lazy(() =>
  import('./pages/Organisation/ProfilesPage.tsx').then((m) => ({ default: m.ProfilesPage })),
);
const PendingRequestsPage = lazy(() =>
  import('./pages/Organisation/PendingRequestsPage.tsx').then((m) => ({ default: m.PendingRequestsPage })),
);
const MyMembershipsPage = lazy(() =>
  import('./pages/MyMemberships/MyMembershipsPage.tsx').then((m) => ({ default: m.MyMembershipsPage })),
);
const MyPermissionsPage = lazy(() =>
  import('./pages/MyMemberships/MyPermissionsPage.tsx').then((m) => ({ default: m.MyPermissionsPage })),
);
const MyRequestsPage = lazy(() =>
  import('./pages/MyMemberships/MyRequestsPage.tsx').then((m) => ({ default: m.MyRequestsPage })),
);
const MyInvitationsPage = lazy(() =>
  import('./pages/MyMemberships/MyInvitationsPage.tsx').then((m) => ({ default: m.MyInvitationsPage })),
);

// Facturation domain: « Factures émises » (entry, follow-up) and « Factures reçues » (processing).
const InvoicingPage = lazy(() =>
  import('./pages/Invoicing/InvoicingPage.tsx').then((m) => ({ default: m.InvoicingPage })),
);
const IssuedInvoicesPage = lazy(() =>
  import('./pages/Invoicing/IssuedInvoicesPage.tsx').then((m) => ({ default: m.IssuedInvoicesPage })),
);
const InvoiceEntryPage = lazy(() =>
  import('./pages/Invoicing/InvoiceEntryPage.tsx').then((m) => ({ default: m.InvoiceEntryPage })),
);
const DepositPage = lazy(() =>
  import('./pages/Invoicing/Deposit/DepositPage.tsx').then((m) => ({ default: m.DepositPage })),
);
const IssuedInvoicePage = lazy(() =>
  import('./pages/Invoicing/IssuedInvoicePage.tsx').then((m) => ({ default: m.IssuedInvoicePage })),
);
const ReceivedInvoicesPage = lazy(() =>
  import('./pages/Invoicing/ReceivedInvoicesPage.tsx').then((m) => ({ default: m.ReceivedInvoicesPage })),
);
const ReceivedInvoicePage = lazy(() =>
  import('./pages/Invoicing/ReceivedInvoicePage.tsx').then((m) => ({ default: m.ReceivedInvoicePage })),
);

// « Raccordements EDI et API »: API connections, technical accounts, last calls (issue 10).
const ConnectionsPage = lazy(() =>
  import('./pages/Connections/ConnectionsPage.tsx').then((m) => ({ default: m.ConnectionsPage })),
);

// Support portal: « Créer un ticket », « Tickets émis », « Tickets reçus ».
const SupportPortalPage = lazy(() =>
  import('./pages/Tickets/SupportPortalPage.tsx').then((m) => ({ default: m.SupportPortalPage })),
);
const CreateTicketPage = lazy(() =>
  import('./pages/Tickets/CreateTicketPage.tsx').then((m) => ({ default: m.CreateTicketPage })),
);
const TicketListPage = lazy(() =>
  import('./pages/Tickets/TicketListPage.tsx').then((m) => ({ default: m.TicketListPage })),
);
const TicketPage = lazy(() => import('./pages/Tickets/TicketPage.tsx').then((m) => ({ default: m.TicketPage })));

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
        {/* Open to all: they list the prerequisites (signed in, structure, profile) that are missing. */}
        <Route path="facturation" element={<InvoicingPage />} />
        <Route path="facturation/factures-emises" element={<IssuedInvoicesPage />} />
        <Route element={<RequireAuth />}>
          <Route path="mon-compte" element={<MyAccountPage />} />
          <Route path="mon-compte/facteurs" element={<FactorsPage />} />
          <Route path="mon-compte/adresse-de-connexion" element={<ChangeLoginEmailPage />} />
          <Route path="mon-compte/rattachements" element={<MyMembershipsPage />} />
          <Route path="mon-compte/habilitations" element={<MyPermissionsPage />} />
          <Route path="mon-compte/demandes" element={<MyRequestsPage />} />
          {/* The invitation mail links here (apps/api organisation/invitations.ts). */}
          <Route path="mes-invitations" element={<MyInvitationsPage />} />
          <Route path="organisation" element={<OrganisationPage />} />
          <Route path="organisation/structures" element={<StructuresDomainPage />} />
          <Route path="organisation/structures/creer" element={<CreateStructurePage />} />
          <Route path="organisation/structures/gerer" element={<ManageStructurePage />} />
          <Route path="organisation/structures/services" element={<ServicesPage />} />
          <Route path="organisation/structures/coordonnees-bancaires" element={<BankAccountsPage />} />
          <Route path="organisation/utilisateurs" element={<UsersDomainPage />} />
          <Route path="organisation/utilisateurs/demander-un-rattachement" element={<RequestMembershipPage />} />
          <Route path="organisation/utilisateurs/rattacher" element={<InvitePage />} />
          <Route path="organisation/utilisateurs/detacher" element={<DetachPage />} />
          <Route path="organisation/utilisateurs/consulter" element={<MembersPage />} />
          <Route path="organisation/utilisateurs/afficher" element={<MemberDetailPage />} />
          <Route path="organisation/utilisateurs/habilitations" element={<ProfilesPage />} />
          <Route path="organisation/utilisateurs/demandes" element={<PendingRequestsPage />} />
          <Route path="facturation/factures-emises/saisir" element={<InvoiceEntryPage />} />
          <Route path="facturation/factures-emises/:id/modifier" element={<InvoiceEntryPage />} />
          <Route path="facturation/factures-emises/deposer" element={<DepositPage />} />
          <Route path="facturation/factures-emises/:id/depot" element={<DepositPage />} />
          <Route path="facturation/factures-emises/:id" element={<IssuedInvoicePage />} />
          <Route path="facturation/factures-recues" element={<ReceivedInvoicesPage />} />
          <Route path="facturation/factures-recues/:id" element={<ReceivedInvoicePage />} />
          <Route path="raccordements" element={<ConnectionsPage />} />
          <Route path="support/portail" element={<SupportPortalPage />} />
          <Route path="support/tickets" element={<TicketListPage side="emitter" />} />
          <Route path="support/tickets/nouveau" element={<CreateTicketPage />} />
          <Route path="support/tickets/:id" element={<TicketPage side="emitter" />} />
          <Route path="support/tickets/:id/modifier" element={<CreateTicketPage />} />
          <Route path="support/tickets-recus" element={<TicketListPage side="receiver" key="received" />} />
          <Route path="support/tickets-recus/:id" element={<TicketPage side="receiver" key="received" />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
