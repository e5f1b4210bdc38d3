// A CVM's logs, live, from the links the CLI follows: the VM's console channels (serial, stdout, stderr)
// through the CVM's signed `syslog_endpoint` (GET /cvms/{id} under 2025-10-28 names it, as for
// `phala logs --serial`), and each container's `log_endpoint` from the composition (as for
// `phala logs <container>`). This page may only fetch its own origin (CSP connect-src 'self', and the
// guest agent grants no CORS), so a container endpoint on a gateway's host is offered as a link.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api.js';
import { short } from '../format.js';
import { usePoll } from '../poll.js';
import { observed, Slot } from './Observations.jsx';

const TAIL = 200;
const MAX_LOG_CHARS = 64 * 1024;
const CHANNELS = [
  { key: 'serial', label: 'Serial console' },
  { key: 'stdout', label: 'VM stdout' },
  { key: 'stderr', label: 'VM stderr' },
];

/** The console link of a CVM, fetched fresh for each stream (it is signed and expires). */
async function syslogUrl(cvmRef, channel, follow) {
  const cvm = await request('GET', `/api/v1/cvms/${encodeURIComponent(cvmRef)}`,
    { headers: { 'X-Phala-Version': '2025-10-28' } });
  if (!cvm?.syslog_endpoint) {
    throw new Error('the server gives no console link for this CVM');
  }
  const url = new URL(cvm.syslog_endpoint, window.location.href);
  url.searchParams.set('ch', channel);
  url.searchParams.set('lines', String(TAIL));
  if (follow) {
    url.searchParams.set('follow', 'true');
  }
  return url.toString();
}

function containerUrl(endpoint, follow) {
  const url = new URL(endpoint, window.location.href);
  for (const [k, v] of Object.entries({ text: 'true', bare: 'true', tail: String(TAIL) })) {
    url.searchParams.set(k, v);
  }
  if (follow) {
    url.searchParams.set('follow', 'true');
  }
  return url;
}

/** The sources the composition offers (containers with a log endpoint) and the console's channels. */
function sourcesOf(composition) {
  const containers = (composition?.containers ?? []).filter((c) => c.log_endpoint).map((c) => {
    const name = (c.names ?? [])[0]?.replace(/^\//, '') || short(c.id);
    return { key: `container:${name}`, label: `Container ${name}`, name, endpoint: c.log_endpoint };
  });
  return [...containers, ...CHANNELS];
}

const sameOrigin = (endpoint) => new URL(endpoint, window.location.href).origin === window.location.origin;

export function Logs({ cvmRef }) {
  const composition = usePoll(observed(cvmRef, 'composition'), [cvmRef], 10000);
  const sources = sourcesOf(composition.data);
  const [chosen, setChosen] = useState(null);
  const [follow, setFollow] = useState(true);
  const fallback = sources.find((s) => s.endpoint && sameOrigin(s.endpoint)) ?? CHANNELS[0];
  const source = sources.find((s) => s.key === chosen) ?? fallback;
  // The console needs no composition: its channels work while the guest agent is still starting.
  const state = composition.data === undefined && !composition.error ? composition : { data: true };
  return (
    <Slot id="logs" title="Logs" state={state}>
      {() => (
        <>
          <div class="log-controls">
            <label for="log-source">Log source</label>
            <select id="log-source" value={source.key} onChange={(e) => setChosen(e.currentTarget.value)}>
              {sources.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
            </select>
            <label class="choice">
              <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
              Follow (show new lines as they are written)
            </label>
          </div>
          {source.endpoint && !sameOrigin(source.endpoint)
            ? <ElsewhereLog source={source} cvmRef={cvmRef} follow={follow} />
            : <LiveLog key={`${source.key}:${follow}`} label={source.label} follow={follow}
                open={() => (source.endpoint ? Promise.resolve(containerUrl(source.endpoint, follow).toString())
                  : syslogUrl(cvmRef, source.key, follow))} />}
        </>
      )}
    </Slot>
  );
}

/** A container endpoint on another host: this page cannot read it, the browser can open it. */
function ElsewhereLog({ source, cvmRef, follow }) {
  const url = containerUrl(source.endpoint, follow);
  return (
    <p class="muted" data-testid="log-elsewhere">
      The logs of {source.name} are served by {url.host}, which this page may not read.{' '}
      <a href={url.toString()} target="_blank" rel="noopener noreferrer">Open them in a new tab</a>, or run{' '}
      <code>phala logs {source.name} --cvm-id {cvmRef}{follow ? ' -f' : ''}</code>.
    </p>
  );
}

function LiveLog({ open, label, follow }) {
  const [text, setText] = useState('');
  const [phase, setPhase] = useState('connecting');
  const [problem, setProblem] = useState(null);
  const [attempt, setAttempt] = useState(0);
  const pre = useRef(null);
  const pinned = useRef(true);
  useEffect(() => {
    const abort = new AbortController();
    setText('');
    setProblem(null);
    setPhase('connecting');
    (async () => {
      const url = await open();
      const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', signal: abort.signal });
      if (!res.ok) {
        throw new Error(`the log endpoint answered ${res.status}`);
      }
      setPhase(follow ? 'following' : 'reading');
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
      setPhase('ended');
    })().catch((err) => {
      if (!abort.signal.aborted) {
        setProblem(err.message);
        setPhase('ended');
      }
    });
    return () => abort.abort();
  }, [attempt]);
  useEffect(() => {
    // Keeps the newest line in view unless the reader scrolled up to read older ones.
    if (pre.current && pinned.current) {
      pre.current.scrollTop = pre.current.scrollHeight;
    }
  }, [text]);
  const onScroll = () => {
    const el = pre.current;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  const lines = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
  return (
    <>
      {problem && <p class="error" role="alert">Logs stopped: {problem}</p>}
      <p class="log-state" data-testid="log-state" data-phase={phase} data-lines={lines}>
        {phase === 'connecting' && 'Connecting…'}
        {phase === 'following' && `Following: ${lines} lines, new ones appear as they are written.`}
        {phase === 'reading' && `${lines} lines.`}
        {phase === 'ended' && `${lines} lines; ${follow ? 'the stream ended' : 'the end of the log'}.`}
        {phase === 'ended' && (
          <button type="button" class="secondary small" onClick={() => setAttempt((n) => n + 1)}>
            {follow ? 'Reconnect' : 'Read again'}
          </button>
        )}
      </p>
      <pre class="code log" ref={pre} onScroll={onScroll} role="log" tabindex="0" aria-label={`Logs: ${label}`}
        data-testid="log-text">{text || 'Waiting for output…'}</pre>
    </>
  );
}
