"""Pipeline step that builds the Apollo4 firmware image from the pushed int8 package."""

from components.neuralspot_build.component import FirmwareImage, neuralspot_build

__all__ = ["FirmwareImage", "neuralspot_build"]
