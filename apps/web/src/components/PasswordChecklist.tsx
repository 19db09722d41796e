import { List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { checkPassword, passwordClassLabels, passwordRuleIds, passwordRuleLabels } from '@chorale/domain';
import { password as labels } from '../labels.ts';

/** Each rule of the password policy, ticked as the user types (announced politely). */
export function PasswordChecklist({ value, id }: { value: string; id: string }) {
  const check = checkPassword(value);
  // The upper bound only matters once crossed; listing it before would be noise.
  const rules = passwordRuleIds.filter((rule) => rule !== 'maxLength' || check.unmet.includes('maxLength'));
  const present = check.classesPresent.map((c) => passwordClassLabels[c]).join(', ') || labels.noClass;
  return (
    <div id={id}>
      <Text size="sm" fw={600} id={`${id}-title`}>
        {labels.checklistTitle}
      </Text>
      <List aria-labelledby={`${id}-title`} aria-live="polite" spacing={4} size="sm" mt={4} listStyleType="none">
        {rules.map((rule) => {
          const met = !check.unmet.includes(rule);
          return (
            <List.Item
              key={rule}
              data-rule={rule}
              data-met={met}
              icon={
                <ThemeIcon
                  size={18}
                  radius="xl"
                  color={met ? 'teal' : 'gray'}
                  variant={met ? 'filled' : 'light'}
                  aria-hidden
                >
                  {met ? '✓' : '•'}
                </ThemeIcon>
              }
            >
              <Text span size="sm" c={met ? 'teal.9' : 'gray.8'}>
                {passwordRuleLabels[rule]}
              </Text>
              <VisuallyHidden> — {met ? labels.ruleMet : labels.ruleUnmet}</VisuallyHidden>
            </List.Item>
          );
        })}
      </List>
      <Text size="xs" c="dimmed" mt={4}>
        {labels.classesPresent(present)}
      </Text>
    </div>
  );
}
