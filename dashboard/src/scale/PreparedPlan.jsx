// A 465: the replica is planned but not created. Shows the plan, the one-time commit token, what the
// app's owner must approve on chain, and lets the user commit once that is done.
import { useState } from 'preact/hooks';

function hex(value) {
  if (!value) {
    return '–';
  }
  const v = String(value);
  return v.startsWith('0x') ? v : `0x${v}`;
}

export function PreparedPlan({ replica, nodeName, sourceRef, onCommit }) {
  const p = replica.prepared;
  const status = p.onchain_status ?? {};
  const kms = p.kms_info ?? null;
  const onChain = kms?.chain_id != null;
  const [tx, setTx] = useState(status.is_allowed ? 'already-registered' : '');
  const [busy, setBusy] = useState(false);
  const txId = `tx-${replica.index}`;
  const approvals = [];
  if (status.compose_hash_allowed === false) {
    approvals.push(<li key="hash"><code class="wrap">addComposeHash({hex(p.compose_hash)})</code>: allow this revision</li>);
  }
  if (status.device_id_allowed === false) {
    approvals.push(<li key="device"><code class="wrap">addDevice({hex(p.device_id)})</code>: allow the target node’s device</li>);
  }
  const commit = async (event) => {
    event.preventDefault();
    setBusy(true);
    await onCommit(tx.trim());
    setBusy(false);
  };
  return (
    <div class="prepared" data-testid={`prepared-${replica.index}`}>
      <p><strong>Waiting for approval (465).</strong> {p.message}</p>
      <dl class="facts">
        <dt>Target node</dt><dd>{nodeName ?? '–'}{p.node_id != null ? ` (id ${p.node_id})` : ''}</dd>
        <dt>Revision (compose hash)</dt><dd><code class="wrap">{hex(p.compose_hash)}</code></dd>
        <dt>App</dt><dd><code class="wrap">{hex(p.app_id)}</code></dd>
        <dt>Device id</dt><dd><code class="wrap">{hex(p.device_id)}</code></dd>
        <dt>KMS</dt><dd>{kms ? `${kms.slug ?? kms.id}${onChain ? `, chain ${kms.chain_id}` : ', no chain'}` : '–'}</dd>
        <dt>On chain</dt>
        <dd data-testid={`onchain-${replica.index}`}>
          revision {status.compose_hash_allowed ? 'allowed' : 'NOT allowed'}, device {status.device_id_allowed ? 'allowed' : 'NOT allowed'}
        </dd>
        <dt>Commit token</dt><dd><code class="wrap" data-testid={`token-${replica.index}`}>{p.commit_token ?? '–'}</code></dd>
        <dt>Commit URL</dt><dd><code class="wrap">{p.api_commit_url ?? '–'}</code></dd>
      </dl>
      {approvals.length > 0
        ? (
          <>
            <p>The app’s owner must send, to the app contract <code>{hex(p.app_id)}</code>{onChain ? ` on chain ${kms.chain_id}` : ''}:</p>
            <ul class="plain">{approvals}</ul>
          </>
        )
        : <p>Nothing is missing on chain: the replica can be committed now.</p>}
      <p class="muted">
        From a terminal: <code class="wrap">phala cvms replicate {sourceRef} --commit --token {p.commit_token} --compose-hash {hex(p.compose_hash)} --transaction-hash {tx || '<tx-hash>'}</code>
      </p>
      <form class="inline" onSubmit={commit}>
        <label for={txId}>Transaction hash</label>
        <input id={txId} value={tx} onInput={(e) => setTx(e.currentTarget.value)} required
               placeholder="0x… or already-registered" />
        <button type="submit" disabled={busy || !tx.trim()}>{busy ? 'Committing…' : 'Commit replica'}</button>
      </form>
    </div>
  );
}
