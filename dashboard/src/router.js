// Hash routes (#/nodes, #/apps, #/cvms/<id>, #/operations, #/webhooks): the server serves one page, so every deep link works
// without server-side routes.
import { useEffect, useState } from 'preact/hooks';

export const routes = {
  nodes: () => '#/nodes',
  apps: () => '#/apps',
  cvm: (id) => `#/cvms/${encodeURIComponent(id)}`,
  operations: () => '#/operations',
  webhooks: () => '#/webhooks',
};

/** The current route as {name, params}. */
export function parse(hash) {
  const path = hash.replace(/^#/, '') || '/nodes';
  const cvm = path.match(/^\/cvms\/([^/]+)$/);
  if (cvm) {
    return { name: 'cvm', params: { id: decodeURIComponent(cvm[1]) } };
  }
  if (path === '/nodes' || path === '/') {
    return { name: 'nodes', params: {} };
  }
  if (['/apps', '/operations', '/webhooks'].includes(path)) {
    return { name: path.slice(1), params: {} };
  }
  return { name: 'missing', params: { path } };
}

export function useRoute() {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
