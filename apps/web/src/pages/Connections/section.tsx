import { Center, Loader } from '@mantine/core';
import { common } from '../../labels.ts';
import type { ChosenStructure } from '../Organisation/StructureChoice.tsx';

/**
 * What every section of « Raccordements » receives: the structure chosen on the page, which the
 * user manages. A new section (« Webhooks »…) is a component of its own file taking these props.
 */
export interface SectionProps {
  structure: ChosenStructure;
}

export function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}
