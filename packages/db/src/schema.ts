import type { Generated } from 'kysely';
import type { InvoiceStatus, MembershipStatus, TicketStatus } from '@chorale/domain';

/**
 * Row types. Conventions: integer identity keys; booleans as 0/1 integers and instants as ISO-8601
 * UTC text, so that both engines store and sort them the same way.
 */
export interface Database {
  app_settings: { key: string; value: string };
  ecb_rates: { effective_from: string; rate: string };
  outbox_jobs: {
    id: Generated<number>;
    kind: string;
    payload: string;
    status: 'pending' | 'done' | 'failed';
    attempts: Generated<number>;
    run_after: string;
    locked_until: string | null;
    last_error: string | null;
    created_at: string;
    done_at: string | null;
  };
  dev_mails: {
    id: Generated<number>;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    created_at: string;
  };
  rate_limits: { key: string; window_start: string; hits: number };
  users: {
    id: Generated<number>;
    login_email: string;
    first_name: string;
    last_name: string;
    phone: string;
    contact_email: string;
    survey_consent: number;
    /** 'technical': a technical account of the Chorus Pro-compatible API, never signs in to the portal. */
    status: 'pending' | 'active' | 'technical';
    password_hash: string | null;
    first_sign_in_seen: Generated<number>;
    /** Platform support operator (answers tickets addressed to the platform). */
    is_operator: Generated<number>;
    created_at: string;
    activated_at: string | null;
  };
  user_tokens: {
    id: Generated<number>;
    user_id: number;
    purpose: 'activation' | 'password_reset' | 'login_email_change';
    token_hash: string;
    new_email: string | null;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
  sessions: {
    id: Generated<number>;
    token_hash: string;
    user_id: number;
    stage: 'mfa' | 'signed-in';
    /** WebAuthn challenge waiting for an answer, for this session only. */
    webauthn_challenge: string | null;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
  };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    name: string;
    token_hash: string;
    prefix: string;
    created_at: string;
    expires_at: string | null;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  mfa_factors: {
    id: Generated<number>;
    user_id: number;
    kind: 'email' | 'totp' | 'webauthn';
    label: string;
    totp_secret: string | null;
    credential_id: string | null;
    public_key: string | null;
    sign_count: Generated<number>;
    transports: string | null;
    pending: Generated<number>;
    created_at: string;
    last_used_at: string | null;
  };
  mfa_challenges: {
    id: Generated<number>;
    session_id: number;
    factor_id: number;
    code_hash: string | null;
    attempts: Generated<number>;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
  security_events: {
    id: Generated<number>;
    user_id: number;
    kind: string;
    ip: string | null;
    detail: string | null;
    created_at: string;
    prev_hash: string | null;
    hash: string | null;
  };
  captcha_uses: { signature: string; expires_at: string };
  structures: {
    id: Generated<number>;
    identifier_type: string;
    identifier: string;
    kind: 'PUBLIQUE' | 'PRIVEE';
    company_name: string;
    label: string | null;
    email: string | null;
    phone: string | null;
    address: string | null;
    address_complement1: string | null;
    address_complement2: string | null;
    postal_code: string | null;
    city: string | null;
    country_code: string;
    non_diffusible: Generated<number>;
    active: Generated<number>;
    service_code_required: Generated<number>;
    commitment_required: Generated<number>;
    service_or_commitment_required: Generated<number>;
    payment_status_managed: Generated<number>;
    /** Public structures: own payment period in days (60 where it says so); null = by category. */
    payment_period_days: number | null;
    /** Public hospital (établissement public de santé): 50 days of payment period. */
    public_hospital: Generated<number>;
    /** Set when a full directory export no longer lists this public structure (it is then inactive). */
    directory_absent_since: string | null;
    created_at: string;
    updated_at: string;
  };
  services: {
    id: Generated<number>;
    structure_id: number;
    code: string;
    name: string;
    commitment_required: Generated<number>;
    active: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  invitations: {
    id: Generated<number>;
    structure_id: number;
    service_id: number | null;
    email: string;
    invited_by: number;
    status: 'EN_ATTENTE' | 'ACCEPTEE' | 'REFUSEE';
    created_at: string;
    decided_at: string | null;
  };
  memberships: {
    id: Generated<number>;
    user_id: number;
    structure_id: number;
    service_id: number | null;
    role: 'MAIN_MANAGER' | 'SIMPLE';
    status: MembershipStatus;
    request_comment: string | null;
    decision_comment: string | null;
    decided_by: number | null;
    decided_at: string | null;
    created_at: string;
  };
  membership_profiles: {
    id: Generated<number>;
    membership_id: number;
    application: string;
    level: 'consultation' | 'modification';
  };
  bank_accounts: {
    id: Generated<number>;
    structure_id: number;
    holder_name: string;
    iban: string;
    bic: string;
    active: Generated<number>;
    created_by: number;
    created_at: string;
    /** Optional proof of the account (RIB scan), a stored file. */
    proof_sha256: string | null;
    proof_file_name: string | null;
  };
  structure_events: {
    id: Generated<number>;
    structure_id: number;
    user_id: number | null;
    kind: string;
    detail: string | null;
    created_at: string;
  };
  stored_files: { sha256: string; size: number; created_at: string };
  counters: { name: string; value: number };
  /**
   * Counts and amounts of the invoices per structure, side, kind of date and day, status, service
   * (0: none) and currency, kept exact by triggers (migration 20261202T0200): « Tableau de bord ».
   */
  invoice_totals: {
    structure_id: number;
    side: 'issued' | 'received';
    date_kind: 'invoice' | 'due';
    day: string;
    status: InvoiceStatus;
    service_id: number;
    currency: string;
    /** bigint: strings on PostgreSQL, read with Number(). */
    n: number | string;
    cents: number | string;
  };
  /**
   * Changes to invoice_totals not folded into it yet (PostgreSQL; empty on SQLite), same columns:
   * the totals are the two tables added up (migration 20261202T0210).
   */
  invoice_totals_pending: Database['invoice_totals'];
  invoices: {
    id: Generated<number>;
    draft_number: string;
    number: string | null;
    supplier_structure_id: number;
    supplier_service_id: number | null;
    recipient_structure_id: number | null;
    recipient_service_id: number | null;
    billing_framework: string;
    currency: string;
    type: 'FACTURE' | 'AVOIR';
    vat_type: string;
    exemption_reason: string | null;
    market_number: string | null;
    commitment_number: string | null;
    original_invoice_number: string | null;
    payment_mode: string;
    invoice_date: string;
    bank_account_id: number | null;
    comment: string | null;
    global_discount: Generated<string>;
    global_discount_reason: string | null;
    /** Cents; bigint columns come back as strings on PostgreSQL: read them with Number(). */
    total_net_cents: Generated<number | string>;
    total_vat_cents: Generated<number | string>;
    total_gross_cents: Generated<number | string>;
    global_discount_cents: Generated<number | string>;
    net_payable_cents: Generated<number | string>;
    status: InvoiceStatus;
    status_at: string;
    deposited_at: string | null;
    made_available_at: string | null;
    /** Payment due date (business date), fixed at « Mise à disposition » from the recipient's period. */
    due_date: string | null;
    certificate: string | null;
    created_by: number;
    created_at: string;
    updated_at: string;
    /** How the invoice came in (`modeDepot`). */
    deposit_mode: Generated<string>;
    /** Deposited invoices: format of the file and the file itself (legal original, by hash). */
    original_format: string | null;
    original_sha256: string | null;
    original_file_name: string | null;
    original_size: number | null;
    /** JSON: the validation report lines and the plain-PDF guesses (« à vérifier »). */
    deposit_report: string | null;
    deposit_guesses: string | null;
    /** JSON: the file's VAT breakdown, document allowances / charges and totals, as written. */
    deposit_amounts: string | null;
    /** « Traiter le rejet »: when and by whom the supplier acknowledged the rejection. */
    rejection_handled_at: string | null;
    rejection_handled_by: number | null;
    /** « Instructeur »: a free code each side notes on the invoice (Synthèse filter). */
    supplier_instructor: string | null;
    recipient_instructor: string | null;
  };
  deposits: {
    id: Generated<number>;
    user_id: number;
    file_sha256: string;
    file_name: string;
    kind: 'FICHIER' | 'LOT';
    /** PORTAIL, API or EDI: sets the invoices' deposit mode. */
    channel: string;
    progress: Generated<number>;
    stage: string;
    submit: Generated<number>;
    supplier_structure_id: number | null;
    /** Why the flow was refused as a whole (IN_REJETE without entries). */
    error: string | null;
    /** Received at (`dateDepotFlux`). */
    created_at: string;
    updated_at: string;
    /** `syntaxeFlux`: declared by the depositor (syntax_declared = 1) or detected from the content. */
    syntax: string | null;
    syntax_declared: Generated<number>;
    /** `etatCourantFlux` (FlowState of packages/domain) and since when. */
    flow_state: Generated<string>;
    flow_state_at: string | null;
    /** Lease of the one reader of the flow; a reader that crashed lets another resume after it. */
    reader_until: string | null;
  };
  /** One file of a flow, written with the invoice it creates (never twice). */
  deposit_entries: {
    id: Generated<number>;
    deposit_id: number;
    /** 0-based position of the file in the flow. */
    position: number;
    file_name: string;
    invoice_id: number | null;
    /** BROUILLON, ENVOYEE or REFUSEE once finished; null while the created draft is being finished. */
    outcome: string | null;
    /** JSON DepositItem once finished. */
    result: string | null;
  };
  invoice_lines: {
    id: Generated<number>;
    invoice_id: number;
    position: number;
    reference: string | null;
    name: string;
    quantity: string;
    unit: string | null;
    unit_price: string;
    discount: Generated<string>;
    vat_rate: string;
    net_cents: number | string;
    gross_cents: number | string;
  };
  invoice_attachments: {
    id: Generated<number>;
    invoice_id: number;
    file_sha256: string;
    file_name: string;
    designation: string;
    kind: 'PRINCIPALE' | 'COMPLEMENTAIRE';
    size: number;
    added_by: number;
    added_at: string;
  };
  invoice_history: {
    id: Generated<number>;
    invoice_id: number;
    status: InvoiceStatus;
    user_id: number | null;
    actor_label: string;
    structure_label: string;
    comment: string | null;
    created_at: string;
    prev_hash: string | null;
    hash: string | null;
  };
  tickets: {
    id: Generated<number>;
    number: string | null;
    status: TicketStatus;
    category: string;
    subcategory: string;
    object_type: string | null;
    object_number: string | null;
    object_invoice_id: number | null;
    emitter_structure_id: number;
    emitter_service_id: number | null;
    recipient_structure_id: number | null;
    contact_email: string;
    contact_phone: string | null;
    title: string;
    description: string;
    created_by: number;
    created_at: string;
    opened_at: string | null;
    updated_at: string;
  };
  ticket_activities: {
    id: Generated<number>;
    ticket_id: number;
    side: 'emitter' | 'receiver';
    author_user_id: number | null;
    author_label: string;
    body: string | null;
    status_to: string | null;
    created_at: string;
  };
  ticket_attachments: {
    id: Generated<number>;
    ticket_id: number;
    file_sha256: string;
    file_name: string;
    size: number;
    side: 'emitter' | 'receiver';
    added_by: number;
    added_at: string;
  };
  cpro_connections: {
    id: Generated<number>;
    structure_id: number;
    name: string;
    client_id: string;
    secret_hash: string;
    created_by: number;
    created_at: string;
    rotated_at: string | null;
    revoked_at: string | null;
  };
  cpro_access_tokens: {
    id: Generated<number>;
    connection_id: number;
    token_hash: string;
    created_at: string;
    expires_at: string;
  };
  cpro_technical_accounts: {
    id: Generated<number>;
    user_id: number;
    structure_id: number;
    login: string;
    password_hash: string;
    expires_at: string;
    reminder_sent_at: string | null;
    created_by: number;
    created_at: string;
    revoked_at: string | null;
  };
  cpro_calls: {
    id: Generated<number>;
    connection_id: number;
    technical_account_id: number | null;
    operation: string;
    http_status: number;
    code_retour: number;
    duration_ms: number;
    created_at: string;
  };
  cpro_idempotency: {
    id: Generated<number>;
    technical_account_id: number;
    operation: string;
    idem_key: string;
    request_hash: string;
    http_status: number | null;
    response_body: string | null;
    created_at: string;
  };
  cpro_files: {
    id: Generated<number>;
    technical_account_id: number;
    file_sha256: string;
    file_name: string;
    mime_type: string;
    size: number;
    created_at: string;
  };
  edi_ssh_keys: {
    id: Generated<number>;
    technical_account_id: number;
    algorithm: string;
    public_key: string;
    fingerprint: string;
    label: string;
    created_by: number;
    created_at: string;
    last_used_at: string | null;
  };
  edi_return_files: {
    id: Generated<number>;
    technical_account_id: number;
    name: string;
    kind: string;
    deposit_id: number | null;
    invoice_id: number | null;
    size: number;
    file_sha256: string | null;
    content: string | null;
    created_at: string;
    removed_at: string | null;
  };
  cpro_webhooks: {
    id: Generated<number>;
    connection_id: number;
    url: string;
    secret: string;
    created_by: number;
    created_at: string;
    revoked_at: string | null;
  };
  cpro_webhook_deliveries: {
    id: Generated<number>;
    webhook_id: number;
    event_id: string;
    event_type: string;
    payload: string;
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    last_http_status: number | null;
    created_at: string;
    last_attempt_at: string | null;
    delivered_at: string | null;
  };
  cpro_webhook_attempts: {
    id: Generated<number>;
    delivery_id: number;
    webhook_id: number;
    attempt: number;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
    created_at: string;
  };
}
