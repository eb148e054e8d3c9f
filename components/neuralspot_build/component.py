"""NeuralspotBuild: a container component that turns a PushedModel into Apollo4 images.

It runs ``modelzoo firmware build`` (contract 5) inside the firmware image, which holds this
repository, the Arm toolchain and a neuralSPOT checkout (``NEURALSPOT_ROOT``). Its output is a
``modelzoo.FirmwareImage`` artifact: ``<model>.bin`` (flash it), ``<model>.axf`` (debug it),
``<model>.map`` and ``size.json``. A container component keeps the SDK and toolchain out of
the pipeline image: only this step needs them.
"""

from __future__ import annotations

from tfx.dsl.component.experimental import container_component, placeholders
from tfx.types import artifact, standard_artifacts

DEFAULT_PLATFORM = "apollo4p_evb"


class FirmwareImage(artifact.Artifact):
    """A neuralSPOT build: .bin, .axf, .map and size.json in the artifact directory."""

    TYPE_NAME = "modelzoo.FirmwareImage"


def neuralspot_build(
    pushed_model,
    *,
    image: str,
    model_cli_name: str,
    platform: str = DEFAULT_PLATFORM,
):
    """Instantiate the build step on a Pusher's ``pushed_model`` channel.

    ``--if-pushed`` makes an unblessed run (the Pusher archived nothing) end without an image
    instead of failing the whole pipeline; every other problem (no SDK, no toolchain, a
    compile or link error) fails the step.
    """
    component_class = container_component.create_container_component(
        name="NeuralspotBuild",
        image=image,
        inputs={"pushed_model": standard_artifacts.PushedModel},
        outputs={"firmware": FirmwareImage},
        parameters={"platform": str},
        command=[
            "modelzoo",
            "firmware",
            "build",
            model_cli_name,
            "--version-dir",
            placeholders.InputUriPlaceholder("pushed_model"),
            "--out",
            placeholders.OutputUriPlaceholder("firmware"),
            "--platform",
            placeholders.InputValuePlaceholder("platform"),
            "--if-pushed",
        ],
    )
    return component_class(pushed_model=pushed_model, platform=platform)
