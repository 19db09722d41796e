import { useQuery } from '@tanstack/react-query';
import { depositApi, depositKeys } from '../../../api-client/deposit.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { Section } from '../Section.tsx';
import { FormatBlock } from './FileDataBlocks.tsx';

/**
 * « Format de dépôt » and the deposited file (the legal original) on the page of an invoice that
 * came in as a file, for its supplier and its recipient; nothing for a typed invoice (404).
 */
export function DepositedFile({ invoiceId }: { invoiceId: number }) {
  const query = useQuery({
    queryKey: depositKeys.ofInvoice(invoiceId),
    queryFn: () => depositApi.ofInvoice(invoiceId),
    retry: false,
  });
  if (!query.data) return null;
  return (
    <Section title={labels.formatTitle}>
      <FormatBlock invoiceId={invoiceId} deposit={query.data} />
    </Section>
  );
}
