import { Paper, Stack, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/**
 * One block of a page (« Destinataire de la facture », « Ligne de facture », a chart of the
 * « Tableau de bord »…), a labelled region; level 3 for a block under a tab's own title.
 */
export function Section({ title, level = 2, children }: { title: string; level?: 2 | 3; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p={level === 2 ? 'lg' : 'md'} component="section" aria-labelledby={id}>
      <Stack gap={level === 2 ? 'sm' : 'xs'}>
        <Title order={level} size={level === 2 ? 'h3' : 'h5'} id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
