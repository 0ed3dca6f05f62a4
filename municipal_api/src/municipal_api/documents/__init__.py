"""What to bring, per topic (seeded from seed/extensions/documents.yml and the data pack)."""
