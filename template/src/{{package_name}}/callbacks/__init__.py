"""Callbacks: stop at the first NaN, log gradient norms, save on pre-emption, verify a resume."""
