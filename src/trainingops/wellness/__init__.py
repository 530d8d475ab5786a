"""The athlete's daily wellness check-in (issue 16): items for the athlete and the staff who may read them, a
summary for every other staff member, and the totals the readiness model reads."""
