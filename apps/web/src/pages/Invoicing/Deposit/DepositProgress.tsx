import { Progress, Stack, Text } from '@mantine/core';
import { deposit as labels } from '../../../labels-deposit.ts';

/**
 * The reading of the file, as the server reports it (OCR of a scanned PDF takes seconds). The bar
 * is the progressbar itself (the whole track, visible from 0 %), its value read out with the stage.
 */
export function DepositProgress({ progress, stage }: { progress: number | null; stage: string }) {
  const value = progress === null ? 100 : Math.max(0, Math.min(100, Math.round(progress)));
  const text = progress === null ? labels.uploading : labels.readingStage(value, stage);
  return (
    <Stack gap={4}>
      <Progress.Root
        size="xl"
        role="progressbar"
        aria-label={labels.reading}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress === null ? undefined : value}
        aria-valuetext={text}
      >
        <Progress.Section value={Math.max(value, 2)} withAria={false} animated />
      </Progress.Root>
      <Text size="sm" aria-live="polite">
        {text}
      </Text>
    </Stack>
  );
}
