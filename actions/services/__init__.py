"""Services: places, partners, documents, social housing and employment."""
