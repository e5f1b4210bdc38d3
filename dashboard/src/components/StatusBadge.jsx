// A status as text with a colour; the word carries the meaning, the colour only repeats it.
const TONES = {
  running: 'ok', online: 'ok', completed: 'ok', success: 'ok', enabled: 'ok',
  failed: 'bad', offline: 'bad', error: 'bad',
  stopped: 'off', shutdown: 'off', deleted: 'off', unknown: 'off', disabled: 'off',
};

export function StatusBadge({ status, detail }) {
  const tone = TONES[status] ?? 'busy';
  return (
    <span class={`badge ${tone}`} data-status={status}>
      {status ?? 'unknown'}{detail ? ` · ${detail}` : ''}
    </span>
  );
}
