/** @jsxImportSource preact */
/** One labelled counter in a panel's header. */
export function Stat({ label, value, warn = false, testId }: { label: string; value: string; warn?: boolean; testId?: string }) {
  return (
    <div class={warn ? 'stat warn' : 'stat'} data-testid={testId}>
      <div class="stat-value">{value}</div>
      <div class="stat-label">{label}</div>
    </div>
  );
}
