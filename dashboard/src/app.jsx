// The shell: who is signed in, the navigation, and the page the route names.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, whenUnauthenticated } from './api.js';
import { currentSession, signOut } from './session.js';
import { routes, useRoute } from './router.js';
import { SignIn } from './pages/SignIn.jsx';
import { NodesPage } from './pages/NodesPage.jsx';
import { AppsPage } from './pages/AppsPage.jsx';
import { CvmPage } from './pages/CvmPage.jsx';
import { OperationsPage } from './pages/OperationsPage.jsx';
import { WebhooksPage } from './pages/WebhooksPage.jsx';
import { ScaleDialog } from './scale/ScaleDialog.jsx';

export function App() {
  const [session, setSession] = useState(undefined);
  const [account, setAccount] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => {
    whenUnauthenticated(() => {
      setSession(null);
      setNotice('Your session has ended (expired, signed out or its key was revoked). Sign in again.');
    });
    currentSession().then(setSession, () => setSession(null));
  }, []);

  useEffect(() => {
    setAccount(null);
    if (session) {
      get('/api/v1/auth/me').then(setAccount, () => setAccount(null));
    }
  }, [session]);

  if (session === undefined) {
    return <p class="boot">opencvm dashboard</p>;
  }
  if (session === null) {
    return <SignIn notice={notice} onSignedIn={(s) => { setNotice(null); setSession(s); }} />;
  }
  const leave = async () => {
    await signOut();
    setSession(null);
    setNotice('You are signed out.');
  };
  return <Shell session={session} account={account} onSignOut={leave} />;
}

function Shell({ session, account, onSignOut }) {
  const route = useRoute();
  const [scale, setScale] = useState(null);
  const main = useRef(null);

  // A new page is announced by moving focus to its heading (screen readers read it; keyboards start there).
  useEffect(() => {
    const heading = main.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [route.name, route.params.id]);

  const openScale = (cvm, opener) => setScale({ cvm, opener: opener ?? document.activeElement });
  const closeScale = () => {
    const opener = scale?.opener;
    setScale(null);
    if (opener?.isConnected) {
      opener.focus();
    }
  };
  const workspace = account?.workspace?.name ?? session.workspace;
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">opencvm</span>
        <nav aria-label="Main">
          <ul>
            <li><a href={routes.nodes()} aria-current={route.name === 'nodes' ? 'page' : undefined}>Nodes</a></li>
            <li><a href={routes.apps()} aria-current={route.name === 'apps' || route.name === 'cvm' ? 'page' : undefined}>Apps and CVMs</a></li>
            <li><a href={routes.operations()} aria-current={route.name === 'operations' ? 'page' : undefined}>Operations</a></li>
            <li><a href={routes.webhooks()} aria-current={route.name === 'webhooks' ? 'page' : undefined}>Webhooks</a></li>
          </ul>
        </nav>
        <div class="who">
          <span data-testid="who">
            {session.username} · {workspace}{session.operator ? ' · operator' : ''}
          </span>
          <button type="button" class="secondary" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <main id="main" ref={main}>
        {route.name === 'nodes' && <NodesPage session={session} />}
        {route.name === 'apps' && <AppsPage onScale={openScale} />}
        {route.name === 'cvm' && <CvmPage id={route.params.id} onScale={openScale} />}
        {route.name === 'operations' && <OperationsPage session={session} />}
        {route.name === 'webhooks' && <WebhooksPage />}
        {route.name === 'missing' && (
          <>
            <h1>Page not found</h1>
            <p>There is no page at <code>{route.params.path}</code>. <a href={routes.nodes()}>Go to the nodes</a>.</p>
          </>
        )}
      </main>
      {scale && <ScaleDialog initialCvm={scale.cvm} onClose={closeScale} />}
    </>
  );
}
