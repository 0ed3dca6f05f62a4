"""Domiciliation (élection de domicile): information, registering a request, its status."""
