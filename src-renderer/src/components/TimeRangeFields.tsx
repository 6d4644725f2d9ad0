/** From / To filters of the run and audit lists (datetime-local values in this computer's zone). */
export function TimeRangeFields({
  from,
  to,
  onChange
}: {
  from: string
  to: string
  onChange: (patch: { from?: string; to?: string }) => void
}) {
  return (
    <>
      <label>
        From
        <input type="datetime-local" value={from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label>
        To
        <input type="datetime-local" value={to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
    </>
  )
}
