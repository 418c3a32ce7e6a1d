"""PEEL Explorer: HMICFRS PEEL grades for the 43 police forces of England and Wales."""
