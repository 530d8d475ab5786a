import { NavLink } from "react-router";

import { ATHLETE_NAV } from "./athleteNav";
import { NotificationsNavLink } from "./NotificationsNavLink";

/** An athlete's navigation: a bar at the bottom of a phone's screen (in the header on wider screens). */
export function AthleteNavigation() {
  return (
    <nav aria-label="Main" className="today-nav">
      <ul>
        {ATHLETE_NAV.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to}>{item.label}</NavLink>
          </li>
        ))}
        <li>
          <NotificationsNavLink />
        </li>
      </ul>
    </nav>
  );
}
