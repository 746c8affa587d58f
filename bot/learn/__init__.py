"""Learned parts: small linear models over named features, trained deterministically, scored in plain Python."""
