import { Anchor, Button, Collapse, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Factor } from '@chorale/contracts';
import { signIn } from '../../labels.ts';

/** « Des difficultés ? Se connecter d'une autre façon »: the user's other factors. */
export function OtherFactors({
  factors,
  onSelect,
  pending,
}: {
  factors: Factor[];
  onSelect: (f: Factor) => void;
  pending: boolean;
}) {
  const [opened, { toggle }] = useDisclosure(false);
  return (
    <Stack gap="xs">
      <Text size="sm">
        {signIn.difficulties}{' '}
        <Anchor component="button" type="button" onClick={toggle} aria-expanded={opened} aria-controls="other-factors">
          {signIn.otherWay}
        </Anchor>
      </Text>
      <Collapse expanded={opened} id="other-factors">
        <Stack gap="xs" role="group" aria-label={signIn.otherFactors}>
          {factors.map((factor) => (
            <Button
              key={factor.id}
              variant="default"
              onClick={() => onSelect(factor)}
              disabled={pending}
              justify="flex-start"
            >
              {signIn.useFactor[factor.kind]}
              {factor.label ? ` — ${factor.label}` : ''}
            </Button>
          ))}
        </Stack>
      </Collapse>
    </Stack>
  );
}
