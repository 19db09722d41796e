import { useEffect, useRef, type ReactNode } from 'react';
import { Anchor, Box, Breadcrumbs, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { common, nav } from '../labels.ts';

interface Props {
  title: string;
  /** Intermediate steps of the breadcrumb, between « Accueil » and the title. */
  trail?: { label: string; to: string }[];
  children: ReactNode;
}

/** A page: breadcrumb, one h1 that receives the focus on navigation, and the document title. */
export function Page({ title, trail = [], children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${common.appName}`;
    // Screen-reader users hear the new page; keyboard users continue from its top.
    if (document.activeElement === document.body || document.activeElement?.closest('header, nav')) {
      heading.current?.focus();
    }
  }, [title]);
  return (
    <Stack gap="md">
      <Box component="nav" aria-label={common.breadcrumb}>
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/">
            {nav.home}
          </Anchor>
          {trail.map((step) => (
            <Anchor component={Link} to={step.to} key={step.to}>
              {step.label}
            </Anchor>
          ))}
          <span aria-current="page">{title}</span>
        </Breadcrumbs>
      </Box>
      <Title order={1} ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}
