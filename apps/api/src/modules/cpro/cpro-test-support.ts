import assert from 'node:assert/strict';
import type { Profile } from '@chorale/domain';
import type { TestApp } from '../../testing/test-app.ts';
import { attachTechnicalAccount, createConnection, createTechnicalAccount } from './connections.ts';
import { swaggerOperation } from './swagger/contract.ts';

/**
 * Test-only: a connector as an accounting software is, calling /cpro with a bearer token and a
 * technical account, every request and answer of a Swagger operation checked against the official
 * schema (the contract test helper).
 */
export interface CproAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any answer
  body: any;
  headers: Record<string, unknown>;
}

export class CproConnector {
  accessToken = '';
  /** Set false to send a request the contract refuses on purpose. */
  checkRequests = true;
  /**
   * Set to a started server's address (`http://127.0.0.1:PORT`) to call it over HTTP, as an
   * accounting software does; otherwise the requests go to the test app in process.
   */
  baseUrl: string | null = null;

  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }> {
    if (!this.baseUrl) {
      const res = await this.t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
      return { statusCode: res.statusCode, body: res.body, headers: res.headers };
    }
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    return { statusCode: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
  }
  constructor(
    readonly t: TestApp,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly login: string,
    readonly password: string,
  ) {}

  get account(): string {
    return Buffer.from(`${this.login}:${this.password}`).toString('base64');
  }

  async token(): Promise<CproAnswer> {
    const res = await this.send(
      'POST',
      '/api/oauth/token',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.clientId,
        client_secret: this.clientSecret,
        scope: 'openid',
      }).toString(),
    );
    const body = JSON.parse(res.body);
    if (res.statusCode === 200) this.accessToken = body.access_token;
    return { status: res.statusCode, body, headers: res.headers };
  }

  /** POSTs an operation (`factures/v1/soumettre`…), validating request and answer against the Swagger. */
  async call(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<CproAnswer> {
    const contract = swaggerOperation(path);
    if (contract && this.checkRequests) {
      const check = contract.validateRequest(body);
      assert.ok(check.ok, `${path}: request breaks the Swagger: ${check.errors.join('; ')}`);
    }
    const get = path.endsWith('health-check');
    const res = await this.send(
      get ? 'GET' : 'POST',
      `/cpro/${path}`,
      {
        authorization: `Bearer ${this.accessToken}`,
        'cpro-account': this.account,
        ...(get ? {} : { 'content-type': 'application/json;charset=utf-8' }),
        ...headers,
      },
      get ? undefined : JSON.stringify(body),
    );
    const answer = { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
    assert.equal(typeof answer.body.codeRetour, 'number', `${path}: no codeRetour in ${res.body.slice(0, 200)}`);
    assert.equal(typeof answer.body.libelle, 'string', `${path}: no libelle`);
    if (contract && answer.status === 200) {
      const check = contract.validateResponse(200, answer.body);
      assert.ok(check.ok, `${path}: answer breaks the Swagger: ${check.errors.join('; ')}`);
      // The Swagger's examples replayed: every success answer carries them (codeRetour 0, TRA_MSG_00.000).
      const example = contract.exampleResponse() ?? {};
      for (const [name, value] of Object.entries(example))
        if (typeof value !== 'object')
          assert.deepEqual(answer.body[name], value, `${path}: ${name} differs from the Swagger's example`);
    }
    if (contract && answer.status !== 200)
      assert.ok(
        // Beyond the Swagger's list: a conflict, a body too large, the database busy (try again).
        contract.statuses.includes(answer.status) || [409, 413, 503].includes(answer.status),
        `${path}: status ${answer.status} is not one the Swagger lists`,
      );
    return answer;
  }
}

/**
 * A connection and a technical account of `structureId` declared by its manager (`managerId`),
 * the account attached to each target with the given profiles; returns a connector with a token.
 */
export async function connectorFor(
  t: TestApp,
  managerId: number,
  structureId: number,
  attachments: { structureId: number; serviceId?: number | null; profiles: Profile[] }[],
): Promise<CproConnector> {
  const ctx = t.app.ctx;
  const connection = await createConnection(ctx, managerId, { structureId, name: 'Logiciel comptable' });
  const account = await createTechnicalAccount(ctx, managerId, { structureId });
  for (const a of attachments) await attachTechnicalAccount(ctx, managerId, account.id, a);
  const connector = new CproConnector(t, connection.clientId, connection.clientSecret, account.login, account.password);
  const token = await connector.token();
  assert.equal(token.status, 200, JSON.stringify(token.body));
  return connector;
}

export const supplierProfiles: Profile[] = [
  { application: 'FACTURES_EMISES', level: 'modification' },
  { application: 'ORGANISATION', level: 'consultation' },
];
export const recipientProfiles: Profile[] = [
  { application: 'FACTURES_RECUES', level: 'modification' },
  { application: 'ORGANISATION', level: 'consultation' },
];

/** The user id of a login (test setup runs the use cases directly for the manager). */
export async function userIdOf(t: TestApp, loginEmail: string): Promise<number> {
  const row = await t.app.ctx.db
    .selectFrom('users')
    .select('id')
    .where('login_email', '=', loginEmail)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A JSON invoice as an accounting software sends it to `soumettre` (the webinar's chairs, 10 % VAT, to the CCI). */
export function cproInvoice(supplierId: number, number: string, over: Record<string, unknown> = {}) {
  return {
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi: number,
    dateFacture: new Date().toISOString().slice(0, 10),
    destinataire: { codeDestinataire: '13001727000013', codeServiceExecutant: '' },
    fournisseur: { idFournisseur: supplierId },
    references: { typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'CHEQUE' },
    lignePoste: [
      {
        lignePosteDenomination: 'Chaises A Tolux',
        lignePosteQuantite: 20,
        lignePosteMontantUnitaireHT: 320,
        lignePosteTauxTva: 'TVA10',
      },
    ],
    ...over,
  };
}

/** The recipient's steps from « Mise à disposition » to « Mise en paiement », through `traiter/recue`. */
export const toPayment = [
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
];

export async function processUpToPayment(recipient: CproConnector, idFacture: number): Promise<void> {
  for (const status of toPayment) {
    const res = await recipient.call('factures/v1/traiter/recue', {
      idFacture,
      nouveauStatut: status,
      ...(status === 'MANDATEE' ? { numeroDPMandat: 'M-42' } : {}),
    });
    assert.equal(res.status, 200, `${status}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.nouveauStatut, status);
  }
}
