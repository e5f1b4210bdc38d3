// What runs inside a CVM, through the routes the CLI uses (api-contract §4.4): containers
// (GET /cvms/{id}/composition), stats (/stats), live logs (the CVM's signed syslog_endpoint and the
// containers' log_endpoint, see LiveLogs.jsx) and the attestation summary (/attestation). A server without one of these routes answers 404 ERR-00-003:
// the slot then says so plainly and the rest of the page works on.
import { Fragment } from 'preact';
import { get } from '../api.js';
import { short } from '../format.js';
import { usePoll } from '../poll.js';

export function Slot({ id, title, state, children }) {
  let body;
  if (state.data === undefined && state.error?.routeMissing) {
    body = <p class="unavailable" data-testid={`${id}-unavailable`}>Not available on this server.</p>;
  } else if (state.data === undefined && state.error) {
    body = <p class="error" role="alert">Could not load: {state.error.message}</p>;
  } else if (state.data === undefined) {
    body = <p class="muted" role="status">Loading…</p>;
  } else {
    body = children(state.data);
  }
  return (
    <section class="card slot" aria-labelledby={`${id}-title`} data-slot={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {body}
    </section>
  );
}

export function observed(cvmRef, what) {
  return () => get(`/api/v1/cvms/${encodeURIComponent(cvmRef)}/${what}`);
}

function offline(data) {
  return data.is_online === false
    ? <p class="muted">The guest is not reachable{data.error ? `: ${data.error}` : ''}.</p> : null;
}

export function Containers({ cvmRef }) {
  const state = usePoll(observed(cvmRef, 'composition'), [cvmRef], 5000);
  return (
    <Slot id="containers" title="Containers" state={state}>
      {(data) => offline(data) ?? ((data.containers ?? []).length === 0 ? <p class="muted">No containers reported.</p> : (
        <ul class="plain">
          {data.containers.map((c) => (
            <li key={c.id}>
              <strong>{(c.names ?? []).join(', ') || short(c.id)}</strong> <code>{c.image}</code> · {c.state}
              {c.status ? ` (${c.status})` : ''}
            </li>
          ))}
        </ul>
      ))}
    </Slot>
  );
}

export function Stats({ cvmRef }) {
  const state = usePoll(observed(cvmRef, 'stats'), [cvmRef], 5000);
  return (
    <Slot id="stats" title="Stats" state={state}>
      {(data) => offline(data) ?? (
        <dl class="facts">
          <dt>Status</dt><dd>{data.status ?? '–'}{data.boot_progress ? ` (${data.boot_progress})` : ''}</dd>
          {data.boot_error && <><dt>Boot error</dt><dd>{data.boot_error}</dd></>}
          {Object.entries(data.sysinfo ?? {}).filter(([, v]) => typeof v !== 'object' || v === null)
            .slice(0, 12).map(([k, v]) => <Fragment key={k}><dt>{k.replaceAll('_', ' ')}</dt><dd>{String(v)}</dd></Fragment>)}
        </dl>
      )}
    </Slot>
  );
}

export function Attestation({ cvmRef }) {
  const state = usePoll(observed(cvmRef, 'attestation'), [cvmRef], 15000);
  return (
    <Slot id="attestation" title="Attestation" state={state}>
      {(data) => offline(data) ?? (
        <dl class="facts">
          <dt>Certificates</dt><dd>{(data.app_certificates ?? []).length}</dd>
          {['mrtd', 'rtmr0', 'rtmr1', 'rtmr2', 'rtmr3'].map((m) => (
            <Fragment key={m}><dt>{m.toUpperCase()}</dt><dd><code title={data.tcb_info?.[m] ?? ''}>{short(data.tcb_info?.[m])}</code></dd></Fragment>
          ))}
          <dt>Event log entries</dt><dd>{(data.tcb_info?.event_log ?? []).length}</dd>
        </dl>
      )}
    </Slot>
  );
}

