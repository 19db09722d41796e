import { NativeSelect, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import type { Member } from '../../api-client/organisation.ts';
import { members as labels } from '../../labels-organisation.ts';

export const memberName = (m: Pick<Member, 'firstName' | 'lastName'>) => `${m.firstName} ${m.lastName}`;

/** « Utilisateur »: one member of the chosen structure; the choice lives in `?membre=`. */
export function useChosenMember(items: Member[]): [Member | undefined, number | null, (id: string) => void] {
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('membre')) || null;
  const choose = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('membre', value);
    else next.delete('membre');
    setParams(next);
  };
  return [items.find((m) => m.membershipId === id), id, choose];
}

export function MemberSelect({
  items,
  value,
  onChange,
}: {
  items: Member[];
  value: number | null;
  onChange: (id: string) => void;
}) {
  if (items.length === 0) return <Text>{labels.noMember}</Text>;
  return (
    <NativeSelect
      label={labels.chooseMember}
      maw={640}
      value={value ? String(value) : ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: labels.memberPlaceholder },
        ...items.map((m) => ({ value: String(m.membershipId), label: labels.memberOption(memberName(m), m.email) })),
      ]}
    />
  );
}
