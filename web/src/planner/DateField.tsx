import { parseDate } from "@internationalized/date";
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
} from "react-aria-components";

/** A date picker (react-aria: typed segments, or a calendar popover) over "YYYY-MM-DD" strings. */
export function DateField({
  label,
  value,
  onChange,
  isRequired = false,
}: {
  label: string;
  value: string | null;
  onChange: (day: string | null) => void;
  isRequired?: boolean;
}) {
  return (
    <DatePicker
      className="field date-field"
      value={value ? parseDate(value) : null}
      onChange={(picked) => onChange(picked ? picked.toString() : null)}
      isRequired={isRequired}
      shouldForceLeadingZeros
    >
      <Label>{label}</Label>
      <Group className="date-group">
        <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        <Button className="date-button" aria-label={`Choose the ${label.toLowerCase()} on a calendar`}>
          ▾
        </Button>
      </Group>
      <Popover className="popover">
        <Dialog aria-label={`${label}: calendar`}>
          <Calendar>
            <header className="calendar-header">
              <Button slot="previous" aria-label="Previous month">
                ‹
              </Button>
              <Heading />
              <Button slot="next" aria-label="Next month">
                ›
              </Button>
            </header>
            <CalendarGrid className="calendar-grid">
              {(date) => <CalendarCell date={date} className="calendar-cell" />}
            </CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}
