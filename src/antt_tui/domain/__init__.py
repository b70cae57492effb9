"""Records and value types: commune, village, household, person, and the rules they obey."""
