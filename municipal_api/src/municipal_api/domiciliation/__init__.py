"""Domiciliation requests (administrative address) taken by the CCAS."""
