import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { followUpApi, type WorklistItem } from '../../api-client/follow-up.ts';
import { summary as labels } from '../../labels-follow-up.ts';

/** « Instructeur : Saisir un code » on a row of a worklist (either side), saved when the field is left. */
export function InstructorCell({ item, onSaved }: { item: WorklistItem; onSaved: (message: string) => void }) {
  const [value, setValue] = useState(item.instructor);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (value.trim() === item.instructor) return;
    try {
      await followUpApi.setInstructor(item.id, value.trim());
      setError(null);
      onSaved(labels.instructorSaved(item.number));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <TextInput
      size="xs"
      aria-label={labels.instructorOf(item.number)}
      placeholder={labels.instructorPlaceholder}
      value={value}
      error={error}
      maxLength={60}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
      }}
    />
  );
}
