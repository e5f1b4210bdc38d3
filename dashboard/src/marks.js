// Performance marks the browser tests read (and anyone can, in the devtools): when the first screen a
// visitor needs was on the page. Marked once per page load.
export function markOnce(name) {
  if (performance.getEntriesByName(name, 'mark').length === 0) {
    performance.mark(name);
  }
}
