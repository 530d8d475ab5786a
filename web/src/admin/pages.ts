import type { ComponentType } from "react";

import { Athletes } from "./Athletes";
import { CalendarFeeds } from "./CalendarFeeds";
import { EventGroups } from "./EventGroups";
import { Imports } from "./Imports";
import { Invitations } from "./Invitations";
import { LoadSettingsPage } from "./LoadSettingsPage";
import { Members } from "./Members";
import { ProgramSettings } from "./ProgramSettings";
import { RosterPage } from "./RosterPage";
import { Seasons } from "./Seasons";

/** The administration sub-pages, in the order of the sub-navigation. */
export const SUB_PAGES: { path: string; label: string; Component: ComponentType }[] = [
  { path: "settings", label: "Settings", Component: ProgramSettings },
  { path: "members", label: "Members", Component: Members },
  { path: "invitations", label: "Invitations", Component: Invitations },
  { path: "seasons", label: "Seasons", Component: Seasons },
  { path: "event-groups", label: "Event groups", Component: EventGroups },
  { path: "roster", label: "Roster", Component: RosterPage },
  { path: "athletes", label: "Athletes", Component: Athletes },
  { path: "imports", label: "Imports", Component: Imports },
  { path: "load-settings", label: "Load settings", Component: LoadSettingsPage },
  { path: "calendar-feeds", label: "Calendar feeds", Component: CalendarFeeds },
];
