"""The benchmark behind `make bench` (issue 9): not a test; see bench/run.py."""
