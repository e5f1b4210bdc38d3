// What runs inside a CVM, through the routes the CLI uses (api-contract §4.4): containers
// (GET /cvms/{id}/composition), stats (/stats), live logs (the containers' log_endpoint) and the
// attestation summary (/attestation). A server without one of these routes answers 404 ERR-00-003:
// the slot then says so plainly and the rest of the page works on.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.js';
import { short } from '../format.js';
import { usePoll } from '../poll.js';

function Slot({ id, title, state, children }) {
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

function observed(cvmRef, what) {
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

/** Live logs of the first container with a log endpoint on this origin, streamed as they grow. */
export function Logs({ cvmRef }) {
  const state = usePoll(observed(cvmRef, 'composition'), [cvmRef], 10000);
  return (
    <Slot id="logs" title="Logs" state={state}>
      {(data) => {
        const containers = (data.containers ?? []).filter((c) => c.log_endpoint);
        if (containers.length === 0) {
          return <p class="muted">The server gives no log endpoint for this CVM’s containers.</p>;
        }
        const url = new URL(containers[0].log_endpoint, window.location.href);
        if (url.origin !== window.location.origin) {
          return <p class="muted">Logs are served by {url.host}; read them with <code>phala logs</code>.</p>;
        }
        return <LiveLog url={url.toString()} label={(containers[0].names ?? [])[0] ?? short(containers[0].id)} />;
      }}
    </Slot>
  );
}

const MAX_LOG_CHARS = 64 * 1024;

function LiveLog({ url, label }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState(null);
  const pre = useRef(null);
  useEffect(() => {
    const abort = new AbortController();
    setText('');
    setProblem(null);
    (async () => {
      const res = await fetch(url, { credentials: 'same-origin', signal: abort.signal });
      if (!res.ok) {
        throw new Error(`the log endpoint answered ${res.status}`);
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        const chunk = decoder.decode(value, { stream: true });
        setText((t) => (t + chunk).slice(-MAX_LOG_CHARS));
      }
    })().catch((err) => {
      if (!abort.signal.aborted) {
        setProblem(err.message);
      }
    });
    return () => abort.abort();
  }, [url]);
  useEffect(() => {
    if (pre.current) {
      pre.current.scrollTop = pre.current.scrollHeight;
    }
  }, [text]);
  return (
    <>
      {problem && <p class="error" role="alert">Logs stopped: {problem}</p>}
      <pre class="code log" ref={pre} role="log" tabindex="0" aria-label={`Logs of ${label}`}>{text || 'Waiting for output…'}</pre>
    </>
  );
}
