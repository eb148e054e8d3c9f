"""docker/ and ``make image``: the Dockerfiles agree with the lock, the project and the manifests;
scripts/build_images.sh pins what it built where the overlays and ``kfp compile`` read it."""

import os
import re
import shutil
import subprocess

import pytest
import tomli  # pytest's own TOML reader on Python 3.10
import yaml

from pipelines import images
from tests.kubernetes.manifests import REPO, containers, copy_tree, render

RUN_AS_USER = 10001
DIGEST = "sha256:" + "ab" * 32


def dockerfile(name: str) -> dict:
    """FROM, USER and ENTRYPOINT of docker/<name>.Dockerfile (the last of each), and its text."""
    text = (REPO / "docker" / f"{name}.Dockerfile").read_text()
    logical = re.sub(r"\\\n", " ", text)
    found = {"text": logical}
    for line in logical.splitlines():
        instruction, _, value = line.strip().partition(" ")
        if instruction in ("FROM", "USER", "ENTRYPOINT"):
            found[instruction] = value.strip()
    found["ENTRYPOINT"] = yaml.safe_load(found["ENTRYPOINT"])  # exec form: a JSON list
    return found


def locked_version(package: str) -> str:
    lock = (REPO / "requirements.lock").read_text()
    return re.search(rf"^{re.escape(package)}==([^\s;]+)", lock, re.M).group(1)


def containers_of(all_rendered: dict, pinned: str):
    for overlay, docs in all_rendered.items():
        for where, container in containers(docs):
            if container["image"] == pinned:
                yield f"{overlay}:{where}", container


def test_pipeline_dockerfile_matches_the_lock_and_the_manifests(all_rendered):
    pipeline = dockerfile("pipeline")
    assert pipeline["FROM"] == f"apache/beam_python3.10_sdk:{locked_version('apache-beam')}"
    assert pipeline["USER"] == str(RUN_AS_USER)
    assert pipeline["ENTRYPOINT"] == ["/opt/apache/beam/boot"]
    # The entrypoint is Beam's boot (Dataflow, worker pools): the manifests name their command.
    runs = dict(containers_of(all_rendered, images.pinned(images.PIPELINE)))
    assert len(runs) == 2  # the CronJob's retraining step, in each overlay
    assert all(c["command"] == ["sh", "/opt/modelzoo-job/retrain.sh"] for c in runs.values())


def test_firmware_dockerfile_matches_the_manifests(all_rendered):
    firmware = dockerfile("firmware")
    assert re.fullmatch(r"python:3\.10-slim-\w+", firmware["FROM"])
    assert firmware["USER"] == str(RUN_AS_USER)
    # Kubeflow's NeuralspotBuild step and `docker run IMAGE firmware build ...` rely on it.
    assert firmware["ENTRYPOINT"] == ["modelzoo"]
    # The neuralSPOT apps are C++: <cstddef> comes with Arm's C++ library headers.
    for package in ("gcc-arm-none-eabi", "libnewlib-arm-none-eabi"):
        assert package in firmware["text"]
    assert "libstdc++-arm-none-eabi-newlib" in firmware["text"]
    assert "NEURALSPOT_ROOT=/opt/neuralspot" in firmware["text"]
    runs = dict(containers_of(all_rendered, images.pinned(images.FIRMWARE)))
    builds = {name: c for name, c in runs.items() if c["command"] != ["git"]}
    assert len(builds) == 4  # the CronJob's and the Job's, in each overlay
    for name, container in builds.items():
        assert container["command"] == ["sh", "/opt/modelzoo-job/build-firmware.sh"], name
        assert "/opt/neuralspot" in {m["mountPath"] for m in container["volumeMounts"]}
        env = {e["name"] for e in container["env"]}
        assert {"MODEL", "MODELZOO_HOME", "FIRMWARE_PLATFORM"} <= env


@pytest.mark.parametrize("name", ["pipeline", "firmware"])
def test_images_hold_every_package_of_the_project(name):
    """Each package pyproject.toml installs (and firmware/, which firmware_tools reads beside
    itself) is copied in, and installed editable so that it is found there."""
    project = tomli.loads((REPO / "pyproject.toml").read_text())
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    text = dockerfile(name)["text"]
    copied = set(re.findall(r"^COPY (\S+) \./\1$", text, re.M))
    assert set(packages) | {"firmware"} <= copied
    assert re.search(r"uv pip install [^\n]*--no-deps -e \.", text)


# --- make image -------------------------------------------------------------------------------


@pytest.fixture
def checkout(tmp_path):
    """build_images.sh and kubernetes/ in a folder that is not a git checkout, and a PATH whose
    `docker` records its arguments (and answers `inspect` with a digest)."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "build_images.sh", root / "scripts")
    copy_tree(root / "kubernetes")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(
        '#!/bin/sh\necho "$@" >> "$DOCKER_LOG"\n'
        f'if [ "$1" = inspect ]; then for last; do :; done; echo "${{last%:*}}@{DIGEST}"; fi\n'
    )
    docker.chmod(0o755)
    return root, f"{bin_dir}:/usr/bin:/bin"


def build(root, path, **env) -> subprocess.CompletedProcess:
    log = root.parent / "docker.log"
    env = {"PATH": path, "DOCKER_LOG": str(log), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        ["bash", str(root / "scripts" / "build_images.sh")], env=env, capture_output=True, text=True
    )


def docker_calls(root) -> list[str]:
    log = root.parent / "docker.log"
    return log.read_text().splitlines() if log.exists() else []


def test_make_image_pins_the_tag_it_built_for_the_overlays_and_kfp_compile(checkout):
    root, path = checkout
    result = build(root, path, IMAGE_TAG="v7", IMAGE_REPO="registry.example/zoo")
    assert result.returncode == 0, result.stderr
    assert docker_calls(root) == [
        "info",
        "build -f docker/pipeline.Dockerfile -t registry.example/zoo/pipeline:v7 .",
        "build -f docker/firmware.Dockerfile -t registry.example/zoo/firmware:v7 .",
    ]
    pins = root / "kubernetes/components/images/kustomization.yaml"
    assert pins.read_text().startswith("# The images both overlays deploy")
    assert images.pinned(images.PIPELINE, pins) == "registry.example/zoo/pipeline:v7"
    assert images.pinned(images.FIRMWARE, pins) == "registry.example/zoo/firmware:v7"
    for overlay in ("minio", "gcs"):
        used = {c["image"] for _, c in containers(render(root / "kubernetes", overlay))}
        assert used == {"registry.example/zoo/pipeline:v7", "registry.example/zoo/firmware:v7"}


def test_make_image_with_push_pins_digests(checkout):
    root, path = checkout
    result = build(root, path, IMAGE_TAG="v7", IMAGE_PUSH="1")
    assert result.returncode == 0, result.stderr
    assert "push ghcr.io/ambiq-modelzoo/pipeline:v7" in docker_calls(root)
    pins = root / "kubernetes/components/images/kustomization.yaml"
    pipeline = images.pinned(images.PIPELINE, pins)
    assert pipeline == f"ghcr.io/ambiq-modelzoo/pipeline@{DIGEST}"
    used = {c["image"] for _, c in containers(render(root / "kubernetes", "minio"))}
    assert pipeline in used and all(image.endswith(DIGEST) for image in used)


@pytest.mark.parametrize(
    "env, code, message",
    [
        ({"IMAGE_TAG": "latest"}, 2, "IMAGE_TAG=latest is refused"),
        ({"IMAGE_TAG": "v1/2"}, 2, "is not a Docker tag"),
        ({}, 2, "not a git checkout: set IMAGE_TAG"),
        ({"IMAGE_TAG": "v7", "NO_DOCKER": "1"}, 1, "no Docker engine on this machine"),
    ],
)
def test_make_image_refuses_without_building_or_pinning(checkout, env, code, message):
    root, path = checkout
    pins = root / "kubernetes/components/images/kustomization.yaml"
    before = pins.read_text()
    if env.pop("NO_DOCKER", None):
        path = "/usr/bin:/bin"
        assert shutil.which("docker", path=path) is None or pytest.skip("docker installed")
    result = build(root, path, **env)
    assert result.returncode == code
    assert message in result.stderr
    assert [c for c in docker_calls(root) if c != "info"] == []
    assert pins.read_text() == before
