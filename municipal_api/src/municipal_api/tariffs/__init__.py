"""Social tariffs: activities, price grids and the quotient familial."""
