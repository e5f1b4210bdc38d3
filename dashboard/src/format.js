// Small display helpers shared by the pages.

export function memory(mb) {
  if (mb == null) {
    return '–';
  }
  return mb >= 1024 ? `${trim(mb / 1024)} GiB` : `${mb} MiB`;
}

function trim(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** The first 12 hex digits of a hash or id, enough to tell revisions apart on screen. */
export function short(hex) {
  if (!hex) {
    return '–';
  }
  const h = String(hex).replace(/^0x/, '');
  return h.length > 12 ? `${h.slice(0, 12)}…` : h;
}

export function when(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** A CVM's memory in MiB from its `resource` (memory_in_gb may be fractional). */
export function cvmMemoryMb(cvm) {
  const gb = cvm?.resource?.memory_in_gb;
  return gb == null ? null : Math.round(gb * 1024);
}

/** The id a CVM is addressed by in this page's links and API calls. */
export function cvmRef(cvm) {
  return cvm.vm_uuid ?? cvm.id;
}
