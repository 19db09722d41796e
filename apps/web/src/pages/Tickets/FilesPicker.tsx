import { Button, Group, Input, List, Text } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import { attachmentLimits, attachmentNameProblem } from '@chorale/domain';
import { form as labels, ticket } from '../../labels-support.ts';

const maxMb = attachmentLimits.fileMaxBytes / 1024 / 1024;
export const acceptedExtensions = attachmentLimits.extensions.map((e) => `.${e.toLowerCase()}`).join(',');

export function fileProblem(file: File): string | null {
  return (
    attachmentNameProblem(file.name) ?? (file.size > attachmentLimits.fileMaxBytes ? labels.files.tooBig(maxMb) : null)
  );
}

/** « Ajouter des pièces jointes » of the form: files are kept here and sent once the ticket exists. */
export function FilesPicker({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Input.Wrapper
        label={labels.files.field}
        id={id}
        description={labels.files.hint(maxMb)}
        error={error}
        descriptionProps={{ id: `${id}-description` }}
        errorProps={{ id: `${id}-error` }}
      >
        <input
          ref={input}
          id={id}
          type="file"
          multiple
          accept={acceptedExtensions}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-description${error ? ` ${id}-error` : ''}`}
          style={{ display: 'block', marginTop: 4, maxWidth: '100%' }}
          onChange={(e) => {
            const chosen = [...(e.currentTarget.files ?? [])];
            const problems = chosen.map((f) => [f, fileProblem(f)] as const).filter(([, p]) => p);
            setError(problems.length ? problems.map(([f, p]) => `${f.name} : ${p}`).join(' ') : null);
            onChange([...files, ...chosen.filter((f) => !fileProblem(f))]);
            if (input.current) input.current.value = '';
          }}
        />
      </Input.Wrapper>
      {files.length > 0 && (
        <div>
          <Text size="sm" fw={600} id={`${id}-chosen`}>
            {labels.files.chosen}
          </Text>
          <List size="sm" aria-labelledby={`${id}-chosen`}>
            {files.map((f, i) => (
              <List.Item key={`${f.name}-${i}`}>
                <Group gap="xs">
                  <span>
                    {f.name} ({ticket.attachments.sizeText(f.size)})
                  </span>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={labels.files.removeLabel(f.name)}
                    onClick={() => onChange(files.filter((_, j) => j !== i))}
                  >
                    {labels.files.remove}
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </>
  );
}
