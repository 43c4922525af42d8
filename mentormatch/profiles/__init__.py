"""Member profiles: edit your own, view others, the catalogue choices."""

from mentormatch.profiles.forms import ProfileForm
from mentormatch.profiles.services.missing import missing_for_matching
from mentormatch.profiles.services.profiles import ProfileData, apply_profile

__all__ = ["ProfileData", "ProfileForm", "apply_profile", "missing_for_matching"]
