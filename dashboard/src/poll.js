// Live data: load now, then again every `intervalMs` while the page is shown; keeps the last good value
// when a refresh fails, so a blip never blanks the page.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function usePoll(load, deps, intervalMs = 3000) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = generation.current;
    try {
      const data = await loadRef.current();
      if (mine === generation.current) {
        setState({ data, error: null, loading: false });
      }
    } catch (error) {
      if (mine === generation.current) {
        setState((s) => ({ data: s.data, error, loading: false }));
      }
    }
  }, []);

  useEffect(() => {
    generation.current += 1;
    setState({ data: undefined, error: null, loading: true });
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') {
        refresh();
      }
    }, intervalMs);
    return () => {
      generation.current += 1;
      clearInterval(timer);
    };
  }, deps);

  return { ...state, refresh };
}
