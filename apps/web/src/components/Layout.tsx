import { Center, Container, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Header } from './Header.tsx';
import { Footer } from './Footer.tsx';
import { FirstSignInModal } from './FirstSignInModal.tsx';
import { ReturnsAtSignInModal } from './ReturnsAtSignInModal.tsx';
import { common, nav } from '../labels.ts';
import classes from './Layout.module.css';

export function Layout() {
  return (
    <div className={classes.shell}>
      <a href="#contenu" className={classes.skip}>
        {nav.skipToContent}
      </a>
      <Header />
      <Container size="lg" py="lg" component="main" id="contenu" className={classes.main}>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label={common.loading} />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </Container>
      <Footer />
      <FirstSignInModal />
      <ReturnsAtSignInModal />
    </div>
  );
}
