"""Maison de Santé: free slots, booking, cancelling, "my appointments", C2S, walk-in, practitioners."""
