"""Maison de Santé: practitioners, free slots and appointments."""
