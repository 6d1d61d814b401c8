"""Split by area: criteria (scorecards), registrations (rounds, dossiers), councils (scoring)."""
