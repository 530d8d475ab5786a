/**
 * The athlete's phone navigation, in order (Notifications, with its unread count, always comes last).
 * OTHER PARTS OF ISSUE 16 ADD THEIR SCREEN HERE: append one `{ to, label }` (e.g. the wellness check-in, the gym log).
 */
export interface AthleteNavItem {
  to: string;
  label: string;
}

export const ATHLETE_NAV: AthleteNavItem[] = [
  { to: "/today", label: "Today" },
  { to: "/my-training", label: "My training" },
  // gym (issue 16): the daily wellness check-in.
  { to: "/check-in", label: "Check-in" },
];
