"""Human handoff: tickets that put a resident through to the Maison des Services Publics' staff."""
