"""Keras 3 cannot export the SavedModels these tests build; force tf-keras before TF loads."""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
