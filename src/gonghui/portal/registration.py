"""The portal's own tiles (other apps register theirs in their registration modules)."""
