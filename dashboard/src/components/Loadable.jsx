// The three states of data from the API: loading, refused (with the server's message), and there.
export function Loadable({ state, what, children }) {
  if (state.data === undefined && state.loading) {
    return <p class="muted" role="status">Loading {what}…</p>;
  }
  if (state.data === undefined && state.error) {
    return <p class="error" role="alert">Could not load {what}: {state.error.message}</p>;
  }
  return (
    <>
      {state.error && <p class="error" role="alert">Refreshing {what} failed: {state.error.message}</p>}
      {children(state.data)}
    </>
  );
}
