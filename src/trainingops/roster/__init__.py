"""Context the Training domain needs: users, programs, staff, athletes, seasons, event groups, rosters."""
