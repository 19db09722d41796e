import { invoicingDomain } from '../../labels-invoicing.ts';
import { invoicingPaths } from './paths.ts';

export const domainTrail = [{ label: invoicingDomain.breadcrumb, to: invoicingPaths.domain }];
export const issuedTrail = [...domainTrail, { label: invoicingDomain.issued.title, to: invoicingPaths.issued }];
export const receivedTrail = [...domainTrail, { label: invoicingDomain.received.title, to: invoicingPaths.received }];
