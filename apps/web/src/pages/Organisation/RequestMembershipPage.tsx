import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { membershipRequestSchema } from '@chorale/contracts';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { orgApps, requestMembership as labels, structureForm } from '../../labels-organisation.ts';
import { orgPaths } from './paths.ts';
import { matches, noFilters, SearchFilters, type Filters } from './SearchFilters.tsx';
import { usersTrail } from './usersTrail.ts';

interface Values {
  mesh: 'structure' | 'service';
  structureId: string;
  serviceId: string;
  comment: string;
}

const resolver = schemaResolver(membershipRequestSchema, { sync: true });
const toRequest = (v: Values) => ({
  structureId: v.structureId ? Number(v.structureId) : undefined,
  serviceId: v.mesh === 'service' && v.serviceId ? Number(v.serviceId) : null,
  comment: v.comment,
});

/** « Demander un rattachement à une structure », at the structure or at one of its services. */
export function RequestMembershipPage() {
  const [params] = useSearchParams();
  const client = useQueryClient();
  const [text, setText] = useState(params.get('q') ?? '');
  const [term, setTerm] = useState(params.get('q') ?? '');
  const [sent, setSent] = useState(false);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const searchInput = useRef<HTMLInputElement>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { mesh: 'structure', structureId: params.get('structure') ?? '', serviceId: '', comment: '' },
    validate: (values) => {
      const errors = resolver(toRequest(values));
      if (values.mesh === 'service' && !values.serviceId) errors.serviceId = labels.chooseService;
      return errors;
    },
  });
  const [alert, setAlert] = useFormAlert(form);
  const focusSearch = { structureId: () => searchInput.current?.focus() };

  const search = useQuery({
    queryKey: ['organisation', 'search', term],
    queryFn: () => structuresApi.search(term),
    enabled: term.trim().length >= 2,
  });
  const values = form.getValues();
  const visible = search.data?.items.filter((s) => matches(s, filters));
  const chosen = visible?.find((s) => String(s.id) === values.structureId);

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const r = toRequest(v);
      return membershipsApi.request(Number(r.structureId), r.serviceId, r.comment);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: orgKeys.mine });
      setSent(true);
    },
    onError: (error) => setAlert(applyServerError(form, error, focusSearch)),
  });

  if (sent)
    return (
      <Page title={orgApps.requestMembership.title} trail={usersTrail}>
        <FormAlert message={labels.sent} color="green" />
        <Anchor component={Link} to={orgPaths.myRequests}>
          {labels.seeHistory}
        </Anchor>
      </Page>
    );

  return (
    <Page title={orgApps.requestMembership.title} trail={usersTrail}>
      <Text>{labels.intro}</Text>
      <Alert color="orange" variant="light" title={labels.warningTitle} maw={760}>
        {labels.warning}
      </Alert>
      <Paper withBorder p="lg" maw={760}>
        <form
          noValidate
          onSubmit={form.onSubmit(
            (v) => {
              setAlert(null);
              submit.mutate(v);
            },
            (errors) => {
              setAlert(common.formHasErrors);
              focusFirstError(form, errors, focusSearch);
            },
          )}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {structureForm.required}
            </Text>
            <FormAlert message={alert} />
            <Title order={2} size="h3">
              {structureForm.general}
            </Title>
            <Radio.Group label={labels.mesh} {...form.getInputProps('mesh')}>
              <Stack gap="xs" mt={4}>
                <Radio value="structure" label={labels.meshStructure} />
                <Radio value="service" label={labels.meshService} />
              </Stack>
            </Radio.Group>
            <SearchFilters
              value={filters}
              onChange={(next) => {
                setFilters(next);
                // A structure the filters now hide is no longer chosen.
                const kept = search.data?.items.find((s) => String(s.id) === values.structureId && matches(s, next));
                if (!kept && values.structureId) form.setValues({ structureId: '', serviceId: '' });
              }}
            />
            <Group align="flex-end" gap="sm">
              <TextInput
                ref={searchInput}
                label={labels.search}
                description={labels.searchHint}
                required
                type="search"
                style={{ flex: 1, minWidth: 240 }}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    setTerm(text.trim());
                  }
                }}
                error={text.trim().length === 1 ? labels.searchTooShort : undefined}
              />
              <Button variant="default" onClick={() => setTerm(text.trim())} loading={search.isFetching}>
                {labels.searchButton}
              </Button>
            </Group>
            {search.isError && <FormAlert message={errorMessage(search.error)} />}
            {visible && (
              <Radio.Group
                label={labels.structure}
                description={labels.results(visible.length)}
                required
                {...form.getInputProps('structureId')}
                onChange={(value) => {
                  form.setFieldValue('structureId', value);
                  form.setFieldValue('serviceId', '');
                }}
              >
                <Stack gap="xs" mt={4}>
                  {visible.map((s) => (
                    <Radio
                      key={s.id}
                      value={String(s.id)}
                      label={labels.structureOption(
                        s.identifier,
                        s.companyName,
                        [s.label, s.city].filter(Boolean).join(', '),
                      )}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {!visible && form.errors.structureId && (
              <Text size="sm" c="red.8" role="alert">
                {form.errors.structureId}
              </Text>
            )}
            {values.mesh === 'service' &&
              chosen &&
              (chosen.services.length === 0 ? (
                <Text size="sm">{labels.noService}</Text>
              ) : (
                <NativeSelect
                  label={labels.service}
                  required
                  data={[
                    { value: '', label: labels.servicePlaceholder },
                    ...chosen.services.map((s) => ({ value: String(s.id), label: `${s.code} – ${s.name}` })),
                  ]}
                  {...form.getInputProps('serviceId')}
                />
              ))}
            <Textarea
              label={labels.comment}
              description={labels.commentHint}
              required
              autosize
              minRows={3}
              {...form.getInputProps('comment')}
            />
            <Group>
              <Button type="submit" loading={submit.isPending}>
                {common.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
