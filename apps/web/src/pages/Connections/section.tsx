import { NativeSelect, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { connectionKeys, connectionsApi, type ApiConnection } from '../../api-client/connections.ts';
import type { ChosenStructure } from '../Organisation/StructureChoice.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SectionFrame } from './parts.tsx';

/**
 * What every section of « Raccordements » receives: the structure chosen on the page, which the
 * user manages. A new section (« Webhooks »…) is a component of its own file taking these props.
 */
export interface SectionProps {
  structure: ChosenStructure;
}

/**
 * A section about one API connection of the structure, chosen in a list (« Derniers appels »,
 * « Webhooks »): title, intro, the connection select, then `children` for the chosen one.
 */
export function ConnectionSection({
  structure,
  id,
  labels,
  children,
}: SectionProps & {
  id: string;
  labels: { title: string; intro: string; noConnection: string; connection: string };
  children: (connection: ApiConnection) => React.ReactNode;
}) {
  const list = useQuery({
    queryKey: connectionKeys.connections(structure.id),
    queryFn: () => connectionsApi.connections(structure.id),
  });
  const [chosen, setChosen] = useState<number | null>(null);
  const connections = list.data?.items ?? [];
  const connection = connections.find((c) => c.id === chosen) ?? connections[0];
  return (
    <SectionFrame id={id} title={labels.title} intro={labels.intro}>
      <QueryState query={list} />
      {list.data && connections.length === 0 && <Text>{labels.noConnection}</Text>}
      {connection && (
        <>
          <NativeSelect
            label={labels.connection}
            maw={520}
            value={String(connection.id)}
            onChange={(e) => setChosen(Number(e.currentTarget.value))}
            data={connections.map((c) => ({ value: String(c.id), label: `${c.name} (${c.clientId})` }))}
          />
          {children(connection)}
        </>
      )}
    </SectionFrame>
  );
}
