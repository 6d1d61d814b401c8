"""Split by area: criteria (scorecards), registrations (rounds, dossiers), councils (scoring), decision_numbers (the
decisions this app records under a number)."""
