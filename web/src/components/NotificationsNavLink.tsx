import { NavLink } from "react-router";

import { useUnreadCount } from "../screens/notifications/queries";

/** "Notifications" in the main navigation, with the unread count in words for screen readers. */
export function NotificationsNavLink() {
  const unread = useUnreadCount().data ?? 0;
  return (
    <NavLink to="/notifications">
      Notifications
      {unread > 0 && (
        <span className="count-badge">
          {unread > 99 ? "99+" : unread}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </NavLink>
  );
}
