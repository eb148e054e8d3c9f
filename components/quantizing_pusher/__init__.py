"""Custom TFX Pusher that ships verified int8 models (TFLite + C package) to Apollo4 MCUs.

``core_model`` is imported eagerly (cheap, used by Trainers); the component is loaded on
first access so that a Trainer module does not pull in the pusher's dependencies.
"""

from components.quantizing_pusher.core_model import (
    CORE_MODEL_DIRNAME,
    core_model_path,
    export_core_model,
)

__all__ = ["CORE_MODEL_DIRNAME", "QuantizingPusher", "core_model_path", "export_core_model"]


def __getattr__(name: str):
    if name == "QuantizingPusher":
        from components.quantizing_pusher.component import QuantizingPusher

        return QuantizingPusher
    raise AttributeError(name)
