// One resource of a node: how much is reserved of its capacity (operators), or how much is free (members,
// who are shown free room only). The text says it all; the bar repeats it for the eye.
export function CapacityBar({ label, reserved, capacity, free, format = String }) {
  if (capacity == null) {
    return (
      <div class="capacity">
        <span class="capacity-label">{label}</span>
        <span class="capacity-text">{format(free)} free</span>
      </div>
    );
  }
  const used = Math.min(Math.max(reserved ?? 0, 0), capacity);
  const percent = capacity > 0 ? Math.round((used / capacity) * 100) : 100;
  const text = `${format(used)} of ${format(capacity)} reserved, ${format(capacity - used)} free`;
  return (
    <div class="capacity">
      <span class="capacity-label">{label}</span>
      <span class="capacity-text">{text}</span>
      <div class={`bar ${percent >= 90 ? 'full' : ''}`} role="meter" aria-label={`${label} reserved`}
           aria-valuemin={0} aria-valuemax={capacity} aria-valuenow={used} aria-valuetext={text}>
        <div class="bar-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
