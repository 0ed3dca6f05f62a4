"""Measurements that are not tests (README, "Benchmarks"): `make load`, `make bench`."""
