"""Troubleshooting callbacks: stop at the first NaN, log gradient norms, time memorization."""
