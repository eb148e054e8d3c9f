"""What the QuantizingPusher writes for this model, shared by the pipeline and the benchmark."""

from __future__ import annotations

from dataclasses import asdict

from modules.audio.frontend import DEFAULT as FRONTEND
from modules.keyword_spotting import config
from modules.keyword_spotting.preprocessing import FEATURES_XF, LABEL_XF
from modules.keyword_spotting.streaming import StreamingConfig

FEATURE_KEY = FEATURES_XF
LABEL_KEY = LABEL_XF
CLASS_NAMES = config.DEFAULT_LABELS.class_names
EXTRA_MANIFEST = {
    "frontend": FRONTEND.to_dict(),
    "preprocessing": "modules.audio.frontend (CMSIS-DSP arm_mfcc_q15, q8.7 log-mel / 128)",
    "streaming": asdict(StreamingConfig()),
}
# Writes <model>_frontend_tables.h (the firmware's front-end tables) into the package.
FIRMWARE_TABLES_FN = "modules.audio.frontend_tables.write_firmware_tables"
