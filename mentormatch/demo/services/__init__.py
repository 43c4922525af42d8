"""Demo seed: people, sentences and the seeding itself."""
