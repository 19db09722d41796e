import { Container } from '@mantine/core';
import { Outlet } from 'react-router';
import { Header } from './Header.tsx';
import { Footer } from './Footer.tsx';
import { FirstSignInModal } from './FirstSignInModal.tsx';
import { nav } from '../labels.ts';
import classes from './Layout.module.css';

export function Layout() {
  return (
    <div className={classes.shell}>
      <a href="#contenu" className={classes.skip}>
        {nav.skipToContent}
      </a>
      <Header />
      <Container size="lg" py="lg" component="main" id="contenu" className={classes.main}>
        <Outlet />
      </Container>
      <Footer />
      <FirstSignInModal />
    </div>
  );
}
