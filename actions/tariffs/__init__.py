"""Social tariffs: prices by quotient familial, the QF calculator, reductions, how to apply."""
