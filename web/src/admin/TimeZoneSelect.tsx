/** The IANA time zones this browser knows, as a plain select (the program's "today" is in this zone). */
export function timeZones(current: string): string[] {
  const known = Intl.supportedValuesOf("timeZone");
  return known.includes(current) ? known : [current, ...known];
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function TimeZoneSelect(props: {
  id: string;
  "aria-describedby": string | undefined;
  value: string;
  disabled?: boolean;
  onChange: (zone: string) => void;
}) {
  const { value, onChange, ...rest } = props;
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {timeZones(value).map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </select>
  );
}
