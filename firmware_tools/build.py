"""The neuralSPOT build job: stage a model's app into a neuralSPOT checkout, make it, collect it.

``modelzoo firmware build MODEL`` (contract 5) does, in order:

1. check what the build needs (a neuralSPOT checkout, the Arm toolchain and make, the model
   package, the app) and report every missing item with how to get it;
2. stage ``firmware/apps/<model>/`` (module.mk + src/), ``firmware/common/`` (with ``app/``,
   the app glue every app shares), the front end the package's manifest declares
   (``frontend/``, with a generated ``zoo_frontend.mk`` that the app's module.mk includes;
   empty when the package declares none) and the model package into
   ``<neuralSPOT>/apps/modelzoo/<model>/`` (a marker file guards against overwriting anything
   the zoo did not stage);
3. run ``make PLATFORM=<platform> EXAMPLE=modelzoo/<model>`` from the neuralSPOT root, with
   neuralSPOT's own toolchain flags, linker script, TFLM and CMSIS-NN;
4. copy ``<model>.bin``, ``.axf`` and ``.map`` to the output directory and write ``size.json``
   (text/data/bss, MRAM/TCM use, where the model array and tensor arena ended up).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from firmware_tools import image_size, toolchain
from firmware_tools.frontends import FrontendBuild, FrontendUnavailableError
from firmware_tools.package import (
    FrontendDeclarationError,
    ModelPackage,
    PackageError,
    read_package,
)
from firmware_tools.paths import APPS_DIR, COMMON_DIR, MODELS_DIR, REPO_ROOT

STAGE_PARENT = "modelzoo"
STAGE_MARKER = "STAGED_BY_MODELZOO"
DEFAULT_PLATFORM = "apollo4p_evb"
NEURALSPOT_ENV = "NEURALSPOT_ROOT"
NEURALSPOT_URL = "https://github.com/AmbiqAI/neuralSPOT"
# What a neuralSPOT checkout has at its root (neuralSPOT's Makefile includes make/*.mk and
# builds modules from neuralspot/ and apps/).
NEURALSPOT_MARKERS = (
    "Makefile",
    "make/helpers.mk",
    "make/neuralspot_config.mk",
    "neuralspot/ns-core",
    "apps",
)
ARTIFACT_SUFFIXES = (".bin", ".axf", ".map")
ARENA_SYMBOL_PATTERN = r"tensor_arena"
PLATFORM_TABLE = "tools/ns_platform.yaml"
# What of firmware/common is staged as common/ (module.mk compiles common/src and common/app).
COMMON_STAGED = ("include/*.h", "src/*.c", "app/*.h", "app/*.c", "app/*.cc", "app/*.mk")
# The app's module.mk includes this generated fragment: the package's front end as make vars.
FRONTEND_MAKEFILE = "zoo_frontend.mk"


class BuildError(RuntimeError):
    """make failed or produced no image; the message carries the end of its output."""


@dataclass(frozen=True)
class BuildPlan:
    model_name: str
    platform: str
    package: ModelPackage
    neuralspot_root: Path
    stage_dir: Path  # <root>/apps/modelzoo/<model>
    tree: dict[str, Path]  # path under stage_dir -> source file
    generated: dict[str, str]  # path under stage_dir -> text (the front end's make fragment)
    command: list[str]

    @property
    def example(self) -> str:
        return f"{STAGE_PARENT}/{self.model_name}"


def app_dir(model_name: str) -> Path:
    return APPS_DIR / model_name


def default_package_dir(model_name: str) -> Path:
    return MODELS_DIR / model_name


def neuralspot_problem(root: Path | None) -> str | None:
    """Why ``root`` is not usable as a neuralSPOT checkout (None when it is)."""
    get_it = f"clone {NEURALSPOT_URL} and pass --neuralspot-root DIR or set {NEURALSPOT_ENV}"
    if root is None:
        return f"neuralSPOT SDK: {NEURALSPOT_ENV} is not set; {get_it}"
    if not root.is_dir():
        return f"neuralSPOT SDK: {root} does not exist; {get_it}"
    absent = [marker for marker in NEURALSPOT_MARKERS if not (root / marker).exists()]
    if absent:
        return (
            f"neuralSPOT SDK: {root} is not a neuralSPOT checkout (no {', '.join(absent)}); "
            f"{get_it}"
        )
    return None


def toolchain_problems() -> list[str]:
    problems = toolchain.missing_tools([toolchain.GCC])
    if shutil.which("make") is None:
        problems.append("make: GNU make is not on PATH; install it (Debian: apt install make)")
    return problems


def load_package(model_name: str, package_dir: Path | None) -> ModelPackage:
    """The package to build: ``package_dir`` (a pushed version or synced package) or
    ``firmware/models/<model>``. Raises PackageError saying how to get one."""
    directory = package_dir or default_package_dir(model_name)
    cli_name = model_name.replace("_", "-")
    try:
        return read_package(directory, model_name)
    except FrontendDeclarationError as error:  # a package, but its front end is unusable
        raise PackageError(f"model package: {error}") from error
    except PackageError as error:
        raise PackageError(
            f"model package: {error}; run `modelzoo run {cli_name}` then "
            f"`modelzoo firmware sync {cli_name}`, or pass --version-dir DIR"
        ) from error


def load_package_or_problem(
    model_name: str, package_dir: Path | None, problems: list[str], device: bool = False
) -> ModelPackage | None:
    """:func:`load_package`, or None with why appended to ``problems`` (for the CLI's list of
    everything that is missing)."""
    try:
        package = load_package(model_name, package_dir)
        package.frontend_build(device)  # the front end's external C must be there too
    except (PackageError, FrontendUnavailableError) as error:
        problems.append(str(error))
        return None
    return package


def _frontend_staging(
    package: ModelPackage, frontend: FrontendBuild
) -> tuple[dict[str, Path], list[str], list[str]]:
    """The front end's files under ``frontend/`` (staged path -> source), and its sources and
    include directories as staged paths."""
    tree, sources, includes = {}, [], []
    for index, directory in enumerate(frontend.include_dirs):
        if directory == package.c_dir:  # the tables header's directory: staged as model/
            continue
        staged_dir = "frontend/include" + (f"_{index}" if index else "")
        includes.append(staged_dir)
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            tree[f"{staged_dir}/{path.relative_to(directory).as_posix()}"] = path
    for path in frontend.sources:
        staged = f"frontend/src/{path.name}"
        if staged in tree:
            raise BuildError(f"front end {frontend.name}: two sources named {path.name}")
        tree[staged] = path
        sources.append(staged)
    return tree, sources, includes


def frontend_makefile(package: ModelPackage) -> str:
    """``zoo_frontend.mk``: the package's front end as the make variables module.mk reads
    (paths relative to the staged app; defines quoted for the shell)."""
    frontend = package.frontend_build(device=True)
    _, sources, includes = _frontend_staging(package, frontend)
    declared = f"front end {frontend.name!r}" if frontend.name else "no front end"
    defines = [shlex.quote(f"{key}={value}") for key, value in frontend.defines.items()]
    return "\n".join(
        [
            f"# Generated by `modelzoo firmware build`: {package.model_name}'s manifest declares "
            f"{declared}.",
            f"zoo_frontend_src := {' '.join(sources)}",
            f"zoo_frontend_includes := {' '.join(includes)}",
            f"zoo_frontend_defines := {' '.join(defines)}",
            "",
        ]
    )


def staged_tree(model_name: str, package: ModelPackage) -> dict[str, Path]:
    """Files of the staged app: path under ``apps/modelzoo/<model>/`` -> source file."""
    app = app_dir(model_name)
    tree = {"module.mk": app / "module.mk"}
    tree.update({f"src/{p.name}": p for p in sorted((app / "src").iterdir()) if p.is_file()})
    for pattern in COMMON_STAGED:
        for path in sorted(COMMON_DIR.glob(pattern)):
            tree[f"common/{path.parent.name}/{path.name}"] = path
    tree.update(_frontend_staging(package, package.frontend_build(device=True))[0])
    tree.update({f"model/{p.name}": p for p in package.c_files()})
    return tree


def platform_make_vars(neuralspot_root: Path, platform: str) -> dict[str, str]:
    """AmbiqSuite and TFLM versions neuralSPOT pairs with ``platform`` (its
    ``tools/ns_platform.yaml``; make's own defaults target Apollo5, so Apollo4 needs these).
    Empty when the checkout has no such file. Raises BuildError for an unknown platform."""
    path = neuralspot_root / PLATFORM_TABLE
    if not path.is_file():
        return {}
    import yaml

    platforms = yaml.safe_load(path.read_text()) or {}
    if platform not in platforms:
        raise BuildError(
            f"platform {platform!r} is not in {path}; pick one of: {', '.join(sorted(platforms))}"
        )
    entry = platforms[platform]
    pairs = (("AS_VERSION", "as_version"), ("TF_VERSION", "tflm_version"))
    return {var: str(entry[key]) for var, key in pairs if entry.get(key)}


def make_command(
    neuralspot_root: Path,
    model_name: str,
    platform: str,
    make_vars: Mapping[str, str] | None = None,
    jobs: int | None = None,
) -> list[str]:
    command = ["make", "-C", str(neuralspot_root), f"-j{jobs or os.cpu_count() or 1}"]
    command += [f"PLATFORM={platform}", f"EXAMPLE={STAGE_PARENT}/{model_name}"]
    return command + [f"{key}={value}" for key, value in (make_vars or {}).items()]


def plan_build(
    model_name: str,
    package: ModelPackage,
    neuralspot_root: Path,
    platform: str = DEFAULT_PLATFORM,
    make_vars: Mapping[str, str] | None = None,
    jobs: int | None = None,
) -> BuildPlan:
    return BuildPlan(
        model_name=model_name,
        platform=platform,
        package=package,
        neuralspot_root=neuralspot_root,
        stage_dir=neuralspot_root / "apps" / STAGE_PARENT / model_name,
        tree=staged_tree(model_name, package),
        generated={FRONTEND_MAKEFILE: frontend_makefile(package)},
        command=make_command(
            neuralspot_root,
            model_name,
            platform,
            {**platform_make_vars(neuralspot_root, platform), **(make_vars or {})},
            jobs,
        ),
    )


def stage(plan: BuildPlan) -> Path:
    """Write the staged app, replacing an earlier staging of ours and nothing else."""
    stage_dir = plan.stage_dir
    if stage_dir.exists():
        if not (stage_dir / STAGE_MARKER).is_file():
            raise BuildError(
                f"{stage_dir} exists and was not staged by modelzoo (no {STAGE_MARKER}); "
                "move it away or pick another neuralSPOT checkout"
            )
        shutil.rmtree(stage_dir)
    for relative, source in plan.tree.items():
        target = stage_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for relative, text in plan.generated.items():
        (stage_dir / relative).write_text(text)
    (stage_dir / STAGE_MARKER).write_text(
        f"Staged by `modelzoo firmware build {plan.model_name}` from {REPO_ROOT}; "
        "rewritten on every build.\n"
    )
    return stage_dir


def find_artifacts(plan: BuildPlan) -> dict[str, Path]:
    """The image make produced: neuralSPOT writes it to build/<board>_<evb>/<toolchain>/apps/
    modelzoo/<model>/<model>.{axf,bin,map}; the newest match wins if several exist."""
    found = {}
    build_root = plan.neuralspot_root / "build"
    for suffix in ARTIFACT_SUFFIXES:
        pattern = f"**/apps/{plan.example}/{plan.model_name}{suffix}"
        matches = sorted(build_root.glob(pattern), key=lambda p: p.stat().st_mtime)
        if matches:
            found[suffix] = matches[-1]
    missing = [s for s in ARTIFACT_SUFFIXES if s not in found]
    if missing:
        raise BuildError(
            f"make finished but {build_root} has no {plan.model_name}{'/'.join(missing)} "
            f"under apps/{plan.example}/"
        )
    return found


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def run_make(plan: BuildPlan, log_path: Path) -> None:
    proc = subprocess.run(plan.command, capture_output=True, text=True, check=False)
    log_path.write_text(f"$ {' '.join(plan.command)}\n{proc.stdout}\n{proc.stderr}")
    if proc.returncode != 0:
        raise BuildError(
            f"make exited with {proc.returncode} (full log: {log_path}):\n"
            f"{_tail(proc.stdout + proc.stderr)}"
        )


def neuralspot_version(root: Path) -> str:
    """neuralSPOT's release (.release-please-manifest.json) or git commit, else 'unknown'."""
    try:
        return json.loads((root / ".release-please-manifest.json").read_text())["."]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    proc = subprocess.run(
        ["git", "-C", str(root), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "unknown"


def size_report(plan: BuildPlan, axf: Path, map_file: Path) -> dict:
    manifest = plan.package.manifest
    return {
        "model": plan.model_name,
        "model_version": manifest.get("version"),
        "tflite_sha256": manifest.get("tflite_sha256"),
        "platform": plan.platform,
        "build": {
            "kind": "neuralSPOT make",
            "neuralspot_root": str(plan.neuralspot_root),
            "neuralspot_version": neuralspot_version(plan.neuralspot_root),
            "command": plan.command,
        },
        **image_size.image_size(
            axf, map_file, [f"g_{plan.package.ident}_model"], ARENA_SYMBOL_PATTERN
        ),
    }


def build(plan: BuildPlan, out: Path) -> dict[str, Path]:
    """Stage, make and collect into ``out``; returns name -> path of what was written."""
    out.mkdir(parents=True, exist_ok=True)
    stage(plan)
    run_make(plan, out / "build.log")
    artifacts = find_artifacts(plan)
    written = {}
    for suffix, path in artifacts.items():
        written[suffix] = out / f"{plan.model_name}{suffix}"
        shutil.copyfile(path, written[suffix])
    report = size_report(plan, written[".axf"], written[".map"])
    written["size.json"] = out / "size.json"
    written["size.json"].write_text(json.dumps(report, indent=2) + "\n")
    return written


# -- remote artifact URIs (Kubeflow passes gs://... for the PushedModel and the output) -----


def is_remote(location: str) -> bool:
    return "://" in location


def fetch_dir(uri: str, local: Path) -> Path:
    """Copy a remote directory to ``local`` (TFX filesystems: GCS, S3, ...)."""
    from tfx.dsl.io import fileio
    from tfx.utils import io_utils

    if fileio.exists(uri):
        io_utils.copy_dir(uri, str(local))
    return local


def publish_dir(local: Path, uri: str) -> None:
    from tfx.utils import io_utils

    io_utils.copy_dir(str(local), uri)


def local_workdir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="modelzoo-firmware-")


def missing_requirements(
    model_name: str, package_dir: Path | None, neuralspot_root: Path | None
) -> tuple[list[str], ModelPackage | None]:
    """Every missing item as one line saying how to get it, and the package when it is fine."""
    problems = []
    if not (app_dir(model_name) / "module.mk").is_file():
        problems.append(f"app: {app_dir(model_name)} has no module.mk (no neuralSPOT app yet)")
    problem = neuralspot_problem(neuralspot_root)
    if problem:
        problems.append(problem)
    problems += toolchain_problems()
    package = load_package_or_problem(model_name, package_dir, problems, device=True)
    return problems, package


def summarize(
    tree: Mapping[str, Path], generated: Mapping[str, str], command: Sequence[str], stage_dir: Path
) -> str:
    """Dry-run text: the staged tree, the generated files and the make command."""
    lines = [f"stage {stage_dir}/"]
    lines += [f"  {relative}  <- {source}" for relative, source in tree.items()]
    for relative, text in generated.items():
        lines.append(f"  {relative}  <- generated:")
        lines += [f"      {line}" for line in text.splitlines()]
    lines.append("run   " + " ".join(command))
    return "\n".join(lines)
