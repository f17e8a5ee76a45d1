"""The profile parser: Organized Crime Index page text to a ``Profile`` model."""

from kg.profile.parser import looks_like_profile, parse_profile

__all__ = ["looks_like_profile", "parse_profile"]
