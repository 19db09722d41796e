import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { structureIdentifierTypes, structureKinds } from '@chorale/domain';
import type { FoundStructure } from '../../api-client/organisation.ts';
import {
  identifierTypeLabels,
  requestMembership,
  structureForm,
  structureKindLabels,
} from '../../labels-organisation.ts';

export interface Filters {
  identifierType: string;
  kind: string;
  city: string;
}
export const noFilters: Filters = { identifierType: '', kind: '', city: '' };

const fold = (v: string) =>
  v
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

/** The webinar's « Type d'identifiant », « Type de structure », « Ville »: they narrow the results. */
export const matches = (s: FoundStructure, f: Filters) =>
  (!f.identifierType || s.identifierType === f.identifierType) &&
  (!f.kind || s.kind === f.kind) &&
  (!f.city || fold(s.city).includes(fold(f.city)));

export function SearchFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const none = { value: '', label: requestMembership.noFilter };
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <NativeSelect
        label={structureForm.identifierType}
        value={value.identifierType}
        onChange={(e) => onChange({ ...value, identifierType: e.currentTarget.value })}
        data={[none, ...structureIdentifierTypes.map((t) => ({ value: t, label: identifierTypeLabels[t] }))]}
      />
      <NativeSelect
        label={structureForm.kind}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.currentTarget.value })}
        data={[none, ...structureKinds.map((k) => ({ value: k, label: structureKindLabels[k] }))]}
      />
      <TextInput
        label={structureForm.city}
        value={value.city}
        onChange={(e) => onChange({ ...value, city: e.currentTarget.value })}
      />
    </SimpleGrid>
  );
}
