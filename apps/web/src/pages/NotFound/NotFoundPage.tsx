import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';

export function NotFoundPage() {
  return (
    <Page title={common.notFoundTitle}>
      <Text>{common.notFoundText}</Text>
      <Anchor component={Link} to="/">
        {common.backHome}
      </Anchor>
    </Page>
  );
}
