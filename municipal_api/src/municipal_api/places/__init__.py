"""Places residents visit: addresses, contacts, weekly hours."""
