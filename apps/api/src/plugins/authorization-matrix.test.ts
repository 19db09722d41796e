// Issue 15: an authorization matrix generated from the route table. Every registered route is
// called by five users who must not act on the supplier LECOINTRE's data, each with a request
// that would succeed for its owner: anonymous, another supplier, the recipient of its invoice,
// a member of LECOINTRE without any profile, and a member of another service of LECOINTRE (with
// every profile on that service). A route missing from the table below fails the test: a new
// route is a decision about who may call it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assignMainManager } from '../modules/organisation/assign-main-manager.ts';
import { fiveLineUbl } from '../modules/intake/intake-test-support.ts';
import { ed25519KeyPair } from '../modules/sftp/ed25519-key-pair.ts';
import { lecointre } from '../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../testing/test-app.ts';

const ACTORS = ['anonymous', 'otherSupplier', 'recipient', 'noProfile', 'otherService'] as const;
type Actor = (typeof ACTORS)[number];

/** The owner's resources, filled in by the setup. */
interface World {
  structure: number;
  serviceA: number;
  serviceB: number;
  bank: number;
  draft: number;
  draftLine: number;
  draftAttachment: number;
  sent: number;
  sentNumber: string;
  sentAttachment: number;
  ticket: number;
  ticketDraft: number;
  ticketAttachment: number;
  noProfileMembership: number;
  /** A flow (deposit) of the owner. */
  deposit: number;
  /** « Raccordements »: an API connection, a technical account and its attachment. */
  connection: number;
  technicalAccount: number;
  technicalAttachment: number;
  /** A webhook of the connection. */
  webhook: number;
  sshKey: number;
}

/**
 * `self`: acts only on the caller (his account, his own lists) — allowed to every signed-in
 * user, and a list must not show the owner's sent invoice number.
 * `owner`: acts on LECOINTRE's data — denied (403 or 404; 401 for anonymous) to everyone here,
 * except the actors listed in `allowed`.
 */
type Expectation =
  | { kind: 'public' }
  | { kind: 'self'; call?: (w: World) => Call }
  | { kind: 'owner'; call: (w: World) => Call; allowed?: Actor[] };
interface Call {
  url: string;
  body?: unknown;
  upload?: { name: string; bytes: Buffer; fields: Record<string, string> };
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const lineBody = { name: 'Chaises A Tolux', quantity: '2', unit: 'pièce', unitPrice: '320,00', vatRate: '10' };
const header = (w: World) => ({
  supplierStructureId: w.structure,
  supplierServiceId: w.serviceA,
  recipientIdentifier: '13001727000013',
  invoiceDate: new Date().toISOString().slice(0, 10),
  paymentMode: 'CHEQUE',
});
const attachmentUpload = { name: 'bon.pdf', bytes: pdf, fields: { designation: 'Bon', kind: 'COMPLEMENTAIRE' } };
const received = ['recipient'] as Actor[];
const ticketForm = (w: World) => ({
  category: 'Factures émises',
  subcategory: 'M - Question pour le destinataire de ma facture',
  objectType: 'FACTURE',
  objectNumber: w.sentNumber,
  emitterStructureId: w.structure,
  title: 'Paiement',
  description: 'Où en est le paiement ?',
});

const MATRIX: Record<string, Expectation> = {
  'GET /api/api-connections/:id/webhooks': {
    kind: 'owner',
    call: (w) => ({ url: `/api/api-connections/${w.connection}/webhooks` }),
  },
  'POST /api/api-connections/:id/webhooks': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/api-connections/${w.connection}/webhooks`,
      body: { url: 'https://intrus.exemple.fr/webhook' },
    }),
  },
  'POST /api/webhooks/:id/revoke': { kind: 'owner', call: (w) => ({ url: `/api/webhooks/${w.webhook}/revoke` }) },
  'GET /api/api-connections/:id/webhook-deliveries': {
    kind: 'owner',
    call: (w) => ({ url: `/api/api-connections/${w.connection}/webhook-deliveries` }),
  },
  'POST /api/auth/mfa/select': { kind: 'self' },
  'POST /api/auth/mfa/verify': { kind: 'self' },
  'GET /api/me': { kind: 'self' },
  'PUT /api/me': { kind: 'self', call: () => ({ url: '/api/me', body: { firstName: 'A', lastName: 'B' } }) },
  'POST /api/me/first-sign-in-seen': { kind: 'self' },
  'GET /api/me/factors': { kind: 'self' },
  'POST /api/me/factors/totp/start': { kind: 'self' },
  'POST /api/me/factors/totp': { kind: 'self' },
  'POST /api/me/factors/webauthn/options': { kind: 'self' },
  'POST /api/me/factors/webauthn': { kind: 'self' },
  'DELETE /api/me/factors/:id': { kind: 'self' },
  'PUT /api/me/password': { kind: 'self' },
  'POST /api/me/login-email': { kind: 'self' },
  'GET /api/me/security-events': { kind: 'self' },
  'GET /api/me/permissions': { kind: 'self' },
  'GET /api/me/api-tokens': { kind: 'self' },
  'POST /api/me/api-tokens': { kind: 'self' },
  'DELETE /api/me/api-tokens/:id': { kind: 'self' },
  // An invitation is the invitee's own: invitations.test.ts checks that no one else can answer it.
  'GET /api/me/invitations': { kind: 'self' },
  'POST /api/me/invitations/:id/accept': { kind: 'self' },
  'POST /api/me/invitations/:id/decline': { kind: 'self' },
  'GET /api/structures/lookup': {
    kind: 'self',
    call: () => ({ url: '/api/structures/lookup?identifierType=SIRET&identifier=89934607600024' }),
  },
  'POST /api/structures': { kind: 'self' },
  'GET /api/structures/search': { kind: 'self', call: () => ({ url: '/api/structures/search?q=LECOINTRE' }) },
  'POST /api/memberships': { kind: 'self' },
  'GET /api/memberships/mine': { kind: 'self' },
  'GET /api/memberships/pending': { kind: 'self' },
  'GET /api/invoices/issued': { kind: 'self' },
  'GET /api/invoices/received': { kind: 'self' },
  'GET /api/invoices/issued/worklist': { kind: 'self' },
  'GET /api/invoices/received/worklist': { kind: 'self' },
  'GET /api/invoices/issued/returns-pending': { kind: 'self' },
  'GET /api/invoices/issued/dashboard': { kind: 'self' },
  'GET /api/invoices/received/dashboard': { kind: 'self' },
  'GET /api/invoices/issued/export.csv': { kind: 'self' },
  'GET /api/invoices/issued/export.xlsx': { kind: 'self' },
  'GET /api/invoices/received/export.csv': { kind: 'self' },
  'GET /api/invoices/received/export.xlsx': { kind: 'self' },
  'POST /api/invoices/deposit': { kind: 'self' },
  'POST /api/invoices/deposits': { kind: 'self' },
  'GET /api/tickets/categories': { kind: 'self' },
  'GET /api/tickets': { kind: 'self' },
  'GET /api/tickets/export.csv': { kind: 'self' },
  'GET /api/tickets/received': { kind: 'self' },
  'POST /api/tickets': { kind: 'self' },

  'GET /api/structures/:id': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}` }),
    allowed: ['noProfile', 'otherService'],
  },
  'PUT /api/structures/:id': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/structures/${w.structure}`,
      body: { ...lecointre, identifierType: undefined, identifier: undefined, kind: undefined },
    }),
  },
  'POST /api/structures/:id/activate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/activate`, body: {} }),
  },
  'POST /api/structures/:id/deactivate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/deactivate`, body: {} }),
  },
  'GET /api/structures/:id/services': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/services` }),
    allowed: ['noProfile', 'otherService'],
  },
  'POST /api/structures/:id/services': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/services`, body: { code: 'INTRUS', name: 'Intrus' } }),
  },
  'PUT /api/services/:id': {
    kind: 'owner',
    call: (w) => ({ url: `/api/services/${w.serviceA}`, body: { code: 'SA', name: 'Renommé' } }),
  },
  'POST /api/services/:id/activate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/services/${w.serviceA}/activate`, body: {} }),
  },
  'POST /api/services/:id/deactivate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/services/${w.serviceA}/deactivate`, body: {} }),
  },
  'GET /api/structures/:id/bank-accounts': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/bank-accounts` }),
  },
  'POST /api/structures/:id/bank-accounts': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/structures/${w.structure}/bank-accounts`,
      body: { holderName: 'INTRUS', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
    }),
  },
  'POST /api/structures/:id/bank-accounts/:bankId/proof': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/structures/${w.structure}/bank-accounts/${w.bank}/proof`,
      upload: { name: 'rib.pdf', bytes: pdf, fields: {} },
    }),
  },
  'GET /api/structures/:id/bank-accounts/:bankId/proof': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/bank-accounts/${w.bank}/proof` }),
  },
  'GET /api/structures/:id/members': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/members` }),
  },
  'GET /api/structures/:id/members.csv': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/members.csv` }),
  },
  'POST /api/structures/:id/invitations': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/invitations`, body: { email: 'intrus@exemple.fr' } }),
  },
  'POST /api/structures/:id/main-manager': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/structures/${w.structure}/main-manager`,
      body: { membershipId: w.noProfileMembership },
    }),
  },
  'POST /api/memberships/:id/approve': {
    kind: 'owner',
    call: (w) => ({ url: `/api/memberships/${w.noProfileMembership}/approve`, body: {} }),
  },
  'POST /api/memberships/:id/refuse': {
    kind: 'owner',
    call: (w) => ({ url: `/api/memberships/${w.noProfileMembership}/refuse`, body: { comment: 'Non' } }),
  },
  'PUT /api/memberships/:id/profiles': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/memberships/${w.noProfileMembership}/profiles`,
      body: { profiles: [{ application: 'FACTURES_EMISES', level: 'modification' }] },
    }),
  },
  'POST /api/memberships/:id/detach': {
    kind: 'owner',
    call: (w) => ({ url: `/api/memberships/${w.noProfileMembership}/detach`, body: {} }),
  },

  'POST /api/invoices': { kind: 'owner', call: (w) => ({ url: '/api/invoices', body: header(w) }) },
  'GET /api/invoices/deposits': { kind: 'self' },
  'GET /api/invoices/deposits/:id': { kind: 'owner', call: (w) => ({ url: `/api/invoices/deposits/${w.deposit}` }) },
  'GET /api/invoices/deposits/:id/report': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/deposits/${w.deposit}/report` }),
  },
  'GET /api/invoices/deposits/:id/report.pdf': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/deposits/${w.deposit}/report.pdf` }),
  },
  'POST /api/invoices/send': {
    kind: 'owner',
    call: (w) => ({ url: '/api/invoices/send', body: { ...header(w), lines: [lineBody] } }),
  },
  'GET /api/invoices/:id/deposit': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.sent}/deposit` }) },
  // A typed invoice has no deposited original: 404 for everyone here (deposits: intake tests).
  'GET /api/invoices/:id/original': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.sent}/original` }) },
  'GET /api/invoices/:id': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.sent}` }), allowed: received },
  'PUT /api/invoices/:id': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.draft}`, body: header(w) }) },
  'DELETE /api/invoices/:id': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.draft}` }) },
  'PUT /api/invoices/:id/totals': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/invoices/${w.draft}/totals`,
      body: { totalNet: '10', totalVat: '2', netPayable: '12' },
    }),
  },
  'POST /api/invoices/:id/lines': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/lines`, body: lineBody }),
  },
  'PUT /api/invoices/:id/lines/:lineId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/lines/${w.draftLine}`, body: lineBody }),
  },
  'DELETE /api/invoices/:id/lines/:lineId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/lines/${w.draftLine}` }),
  },
  'POST /api/invoices/:id/attachments': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/attachments`, upload: attachmentUpload }),
  },
  'DELETE /api/invoices/:id/attachments/:attachmentId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/attachments/${w.draftAttachment}` }),
  },
  'GET /api/invoices/:id/attachments/:attachmentId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/attachments/${w.sentAttachment}` }),
    allowed: received,
  },
  'GET /api/invoices/:id/send-check': { kind: 'owner', call: (w) => ({ url: `/api/invoices/${w.draft}/send-check` }) },
  'POST /api/invoices/:id/submit': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.draft}/submit`, body: {} }),
  },
  'POST /api/invoices/:id/status': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/status`, body: { status: 'SERVICE_FAIT' } }),
    allowed: received,
  },
  'GET /api/invoices/download.zip': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/download.zip?ids=${w.sent},${w.draft}` }),
  },
  'GET /api/invoices/:id/interest-claim.pdf': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/interest-claim.pdf` }),
  },
  'POST /api/invoices/received/status': {
    kind: 'owner',
    call: (w) => ({ url: '/api/invoices/received/status', body: { ids: [w.sent], status: 'MANDATEE' } }),
    allowed: received,
  },
  'POST /api/invoices/:id/complete': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/complete`, body: { comment: 'Voici le bon' } }),
  },
  'POST /api/invoices/:id/recycle': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/recycle`, body: { recipientIdentifier: '13001727000013' } }),
  },
  'POST /api/invoices/:id/treat-rejection': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/treat-rejection`, body: {} }),
  },
  'POST /api/invoices/:id/duplicate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/duplicate`, body: {} }),
  },
  // Each side notes its own instructeur: the recipient on the invoice it received.
  'PUT /api/invoices/:id/instructor': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/instructor`, body: { instructor: 'AB12' } }),
    allowed: received,
  },
  'GET /api/invoices/:id/invoice.pdf': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/invoice.pdf` }),
    allowed: received,
  },
  // The deposit certificate is the recipient's proof of the deposit date too.
  'GET /api/invoices/:id/certificate.pdf': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/certificate.pdf` }),
    allowed: received,
  },
  'GET /api/invoices/:id/deposit.json': {
    kind: 'owner',
    call: (w) => ({ url: `/api/invoices/${w.sent}/deposit.json` }),
    allowed: received,
  },

  // « Raccordements »: the structure's main managers only.
  'GET /api/structures/:id/api-connections': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/api-connections` }),
  },
  'POST /api/structures/:id/api-connections': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/api-connections`, body: { name: 'Intrus' } }),
  },
  'POST /api/api-connections/:id/rotate': {
    kind: 'owner',
    call: (w) => ({ url: `/api/api-connections/${w.connection}/rotate`, body: {} }),
  },
  'POST /api/api-connections/:id/revoke': {
    kind: 'owner',
    call: (w) => ({ url: `/api/api-connections/${w.connection}/revoke`, body: {} }),
  },
  'GET /api/api-connections/:id/calls': {
    kind: 'owner',
    call: (w) => ({ url: `/api/api-connections/${w.connection}/calls` }),
  },
  'GET /api/structures/:id/technical-accounts': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/technical-accounts` }),
  },
  'POST /api/structures/:id/technical-accounts': {
    kind: 'owner',
    call: (w) => ({ url: `/api/structures/${w.structure}/technical-accounts`, body: {} }),
  },
  'POST /api/technical-accounts/:id/password': {
    kind: 'owner',
    call: (w) => ({ url: `/api/technical-accounts/${w.technicalAccount}/password`, body: {} }),
  },
  'POST /api/technical-accounts/:id/revoke': {
    kind: 'owner',
    call: (w) => ({ url: `/api/technical-accounts/${w.technicalAccount}/revoke`, body: {} }),
  },
  'POST /api/technical-accounts/:id/attachments': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/technical-accounts/${w.technicalAccount}/attachments`,
      body: { structureId: w.structure, profiles: [{ application: 'FACTURES_EMISES', level: 'modification' }] },
    }),
  },
  'DELETE /api/technical-accounts/:id/attachments/:membershipId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/technical-accounts/${w.technicalAccount}/attachments/${w.technicalAttachment}` }),
  },
  'GET /api/technical-accounts/:id/ssh-keys': {
    kind: 'owner',
    call: (w) => ({ url: `/api/technical-accounts/${w.technicalAccount}/ssh-keys` }),
  },
  'POST /api/technical-accounts/:id/ssh-keys': {
    kind: 'owner',
    call: (w) => ({
      url: `/api/technical-accounts/${w.technicalAccount}/ssh-keys`,
      body: { publicKey: ed25519KeyPair().public },
    }),
  },
  'DELETE /api/technical-accounts/:id/ssh-keys/:keyId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/technical-accounts/${w.technicalAccount}/ssh-keys/${w.sshKey}` }),
  },

  // The ticket is a « M - » question about the invoice: the recipient's business support answers it.
  'GET /api/tickets/:id': { kind: 'owner', call: (w) => ({ url: `/api/tickets/${w.ticket}` }), allowed: received },
  'PUT /api/tickets/:id': {
    kind: 'owner',
    call: (w) => ({ url: `/api/tickets/${w.ticketDraft}`, body: { ...ticketForm(w), submit: false } }),
  },
  'POST /api/tickets/:id/actions': {
    kind: 'owner',
    call: (w) => ({ url: `/api/tickets/${w.ticket}/actions`, body: { action: 'comment', body: 'Intrus' } }),
    allowed: received,
  },
  'POST /api/tickets/:id/attachments': {
    kind: 'owner',
    call: (w) => ({ url: `/api/tickets/${w.ticket}/attachments`, upload: { name: 'x.pdf', bytes: pdf, fields: {} } }),
    allowed: received,
  },
  'GET /api/tickets/:id/attachments/:attachmentId': {
    kind: 'owner',
    call: (w) => ({ url: `/api/tickets/${w.ticket}/attachments/${w.ticketAttachment}` }),
    allowed: received,
  },
};

function send(c: TestClient, method: string, call: Call): Promise<TestResponse> {
  if (call.upload) return c.upload(call.url, call.upload, call.upload.fields);
  return c.request(method, call.url, method === 'GET' || method === 'DELETE' ? undefined : (call.body ?? {}));
}

for (const kind of databaseKinds) {
  describe(`issue 15: authorization matrix (${kind.name})`, () => {
    let t: TestApp;
    let owner: TestClient;
    const users = {} as Record<Actor, TestClient>;
    const w = {} as World;

    before(async () => {
      t = await startTestApp(kind);
      for (const who of ['owner', ...ACTORS.slice(1)]) await createActiveAccount(t, `${who.toLowerCase()}@exemple.fr`);
      owner = await signInWithMailCode(t, 'owner@exemple.fr');
      await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'recipient@exemple.fr' });
      for (const who of ACTORS.slice(1)) users[who] = await signInWithMailCode(t, `${who.toLowerCase()}@exemple.fr`);
      users.anonymous = t.client('198.51.100.9');

      w.structure = (await owner.post('/api/structures', lecointre)).body.id;
      await users.otherSupplier.post('/api/structures', {
        ...lecointre,
        identifier: '73282932000074',
        companyName: 'AUTRE',
      });
      w.serviceA = (
        await owner.post(`/api/structures/${w.structure}/services`, { code: 'SA', name: 'Service A' })
      ).body.id;
      w.serviceB = (
        await owner.post(`/api/structures/${w.structure}/services`, { code: 'SB', name: 'Service B' })
      ).body.id;
      const bank = await owner.post(`/api/structures/${w.structure}/bank-accounts`, {
        holderName: 'LECOINTRE PARIS',
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
      });
      w.bank = bank.body.id;
      await owner.upload(`/api/structures/${w.structure}/bank-accounts/${w.bank}/proof`, {
        name: 'rib.pdf',
        bytes: pdf,
      });

      await users.noProfile.post('/api/memberships', { structureId: w.structure, comment: 'Bonjour' });
      await users.otherService.post('/api/memberships', {
        structureId: w.structure,
        serviceId: w.serviceB,
        comment: 'Bonjour',
      });
      for (const p of (await owner.get('/api/memberships/pending')).body.items)
        await owner.post(`/api/memberships/${p.id}/approve`, {});
      const members = (await owner.get(`/api/structures/${w.structure}/members`)).body.items as {
        email: string;
        membershipId: number;
      }[];
      const membership = (email: string) => members.find((m) => m.email === email)!.membershipId;
      w.noProfileMembership = membership('noprofile@exemple.fr');
      await owner.put(`/api/memberships/${w.noProfileMembership}/profiles`, { profiles: [] });
      await owner.put(`/api/memberships/${membership('otherservice@exemple.fr')}/profiles`, {
        profiles: ['ORGANISATION', 'FACTURES_EMISES', 'SOLLICITATIONS_EMISES', 'FACTURES_RECUES'].map(
          (application) => ({
            application,
            level: 'modification',
          }),
        ),
      });

      w.sent = (await owner.post('/api/invoices', header(w))).body.id;
      await owner.post(`/api/invoices/${w.sent}/lines`, lineBody);
      w.sentAttachment = (
        await owner.upload(`/api/invoices/${w.sent}/attachments`, attachmentUpload, attachmentUpload.fields)
      ).body.id;
      const sent = await owner.post(`/api/invoices/${w.sent}/submit`, {});
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      w.sentNumber = sent.body.number;
      w.draft = (await owner.post('/api/invoices', header(w))).body.id;
      w.draftLine = (await owner.post(`/api/invoices/${w.draft}/lines`, lineBody)).body.lines[0].id;
      w.draftAttachment = (
        await owner.upload(`/api/invoices/${w.draft}/attachments`, attachmentUpload, attachmentUpload.fields)
      ).body.id;
      const ticket = await owner.post('/api/tickets', ticketForm(w));
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      w.ticket = ticket.body.id;
      w.ticketDraft = (await owner.post('/api/tickets', { ...ticketForm(w), submit: false })).body.id;
      w.ticketAttachment = (
        await owner.upload(`/api/tickets/${w.ticket}/attachments`, { name: 'x.pdf', bytes: pdf })
      ).body.id;
      const deposit = await owner.upload('/api/invoices/deposit', { name: 'f.xml', bytes: fiveLineUbl('FLUX-1') });
      assert.equal(deposit.status, 201, JSON.stringify(deposit.body));
      w.deposit = deposit.body.depositId;
      w.connection = (
        await owner.post(`/api/structures/${w.structure}/api-connections`, { name: 'Sage' })
      ).body.connection.id;
      w.technicalAccount = (await owner.post(`/api/structures/${w.structure}/technical-accounts`, {})).body.account.id;
      const technical = await owner.post(`/api/technical-accounts/${w.technicalAccount}/attachments`, {
        structureId: w.structure,
        profiles: [{ application: 'FACTURES_EMISES', level: 'modification' }],
      });
      assert.equal(technical.status, 200, JSON.stringify(technical.body));
      w.technicalAttachment = technical.body.attachments[0].membershipId;
      const webhook = await owner.post(`/api/api-connections/${w.connection}/webhooks`, {
        url: 'https://erp.exemple.fr/chorale',
      });
      assert.equal(webhook.status, 201, JSON.stringify(webhook.body));
      w.webhook = webhook.body.webhook.id;
      const key = await owner.post(`/api/technical-accounts/${w.technicalAccount}/ssh-keys`, {
        publicKey: ed25519KeyPair().public,
      });
      assert.equal(key.status, 201, JSON.stringify(key.body));
      w.sshKey = key.body.id;
      await t.deliverMails(); // routes the sent invoice to the recipient
    });
    after(() => t.close());

    test('every route of the route table has its line in the matrix', () => {
      const missing = t.app.routeTable
        .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.access !== 'public')
        .filter((r) => !r.url.startsWith('/api/dev/'))
        .map((r) => `${r.method} ${r.url}`)
        .filter((k) => !MATRIX[k]);
      assert.deepEqual(missing, []);
    });

    test('no one but the owner (and the recipient where it processes) acts on the owner’s data', async () => {
      const wrong: string[] = [];
      for (const route of t.app.routeTable) {
        const key = `${route.method} ${route.url}`;
        const expectation = MATRIX[key];
        if (!expectation || expectation.kind === 'public' || route.access === 'public') continue;
        for (const actor of ACTORS) {
          if (expectation.kind === 'self') {
            if (actor !== 'anonymous') continue;
            const call = expectation.call?.(w) ?? { url: route.url.replace(/:[A-Za-z]+/g, '1') };
            const res = await send(users[actor], route.method, call);
            if (res.status !== 401) wrong.push(`${key} par ${actor} → ${res.status} (attendu 401)`);
            continue;
          }
          if (expectation.allowed?.includes(actor)) continue;
          const res = await send(users[actor], route.method, expectation.call(w));
          const expected = actor === 'anonymous' ? [401] : [403, 404];
          if (!expected.includes(res.status))
            wrong.push(`${key} par ${actor} → ${res.status} (attendu ${expected.join(' ou ')})`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    test('lists of the others never show the owner’s invoice', async () => {
      const leaks: string[] = [];
      for (const [key, expectation] of Object.entries(MATRIX)) {
        if (expectation.kind !== 'self' || !key.startsWith('GET ')) continue;
        const url = expectation.call?.(w).url ?? key.slice(4);
        for (const actor of ['otherSupplier', 'noProfile', 'otherService'] as const) {
          const res = await users[actor].get(url);
          if (JSON.stringify(res.body).includes(w.sentNumber)) leaks.push(`${key} par ${actor}`);
        }
      }
      assert.deepEqual(leaks, []);
    });

    test('what the recipient may do on the invoice it received, it can', async () => {
      const problems: string[] = [];
      for (const [key, expectation] of Object.entries(MATRIX)) {
        if (expectation.kind !== 'owner' || !expectation.allowed?.includes('recipient')) continue;
        const [method] = key.split(' ');
        const res = await send(users.recipient, method!, expectation.call(w));
        if (res.status >= 300) problems.push(`${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      }
      assert.deepEqual(problems, []);
    });
  });
}
