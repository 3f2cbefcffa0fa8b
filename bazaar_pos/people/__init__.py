"""People and their money at the till: who may do what, and who did what.

Users, PINs, login with lockout and supervisor approvals (:mod:`.users`), the role rules and the
acting user (:mod:`.access`), the append-only audit log with its CSV and its screen query
(:mod:`.audit`, :mod:`.audit_csv`, :mod:`.audit_view`), and shifts with the cash drawer, from the
counted float to the Z report (:mod:`.shifts`).
"""
