"""``modelzoo firmware``: sync a pushed package into the tree, check and build the Apollo4 app.

The build runs neuralSPOT's own make when a neuralSPOT checkout and the Arm toolchain are
there, and otherwise exits 2 with one line per missing item saying how to get it. ``check``
is the compile-only check that needs only the Arm toolchain.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer
from rich.console import Console

from modelzoo.cli_common import ModelName, fail, latest_pushed
from modules.registry import MODELS
from pipelines import settings

console = Console(soft_wrap=True, highlight=False)

firmware_app = typer.Typer(
    help="Apollo4 firmware: sync model packages, compile-check and build the neuralSPOT apps.",
    no_args_is_help=True,
)

NOT_BUILT = "NOT_BUILT.txt"


def _model_name(model: ModelName) -> str:
    return MODELS[model.value].model_name


@firmware_app.command("sync")
def sync_command(
    model: ModelName = typer.Argument(..., help="Which model."),
    version_dir: Path = typer.Option(
        None, help="A pushed version directory (default: the latest pushed version)."
    ),
):
    """Copy a pushed version's package (C files, int8 model, manifest) into firmware/models/."""
    from firmware_tools.package import PackageError, read_package

    spec = MODELS[model.value]
    try:
        version = version_dir or latest_pushed(spec.model_name)
        package = read_package(version, spec.model_name)
    except PackageError as error:
        fail(str(error))
    try:
        dest, settings = spec.sync_firmware(package)
    except ValueError as error:
        fail(f"{package.directory}: {error}")
    console.print(
        f"Synced {spec.model_name} version {package.manifest.get('version')} "
        f"({len(package.files)} files) into {dest}"
    )
    if settings:
        console.print(f"Rewrote the app's settings from the manifest: {settings}")


@firmware_app.command("check")
def check_command(
    model: ModelName = typer.Argument(..., help="Which model."),
    version_dir: Path = typer.Option(
        None, help="A pushed version or synced package (default: firmware/models/<model>)."
    ),
):
    """Compile the app's sources against neuralSPOT declarations (compile-only, no device build).

    Needs only the Arm toolchain: every app source in each build variant (the app's
    variants.json), firmware/common, the front end the package's manifest declares and the
    model package, with neuralSPOT's Cortex-M4F flags and -Werror.
    """
    from firmware_tools import compile_check
    from firmware_tools.build import load_package_or_problem

    model_name = _model_name(model)
    problems = compile_check.app_problems(model_name) + compile_check.toolchain_problems()
    package = load_package_or_problem(model_name, version_dir, problems)
    if problems:
        fail(problems)
    with tempfile.TemporaryDirectory(prefix="modelzoo-check-") as work:
        try:
            result = compile_check.check(model_name, package, Path(work))
        except compile_check.CompileError as error:
            fail(str(error), 1)
        except compile_check.VariantsError as error:
            fail(str(error))
    console.print(result.summary)


@firmware_app.command("build")
def build_command(
    model: ModelName = typer.Argument(..., help="Which model."),
    version_dir: str = typer.Option(
        None,
        help="A pushed version or synced package directory, or a PushedModel URI "
        "(default: firmware/models/<model>).",
    ),
    neuralspot_root: Path = typer.Option(
        None, envvar="NEURALSPOT_ROOT", help="neuralSPOT checkout to build in."
    ),
    platform: str = typer.Option("apollo4p_evb", help="neuralSPOT board (make PLATFORM=...)."),
    out: str = typer.Option(
        None,
        help="Output directory or URI (default: $MODELZOO_HOME/firmware/<model>/<platform>, "
        "MODELZOO_HOME defaults to outputs).",
    ),
    make_var: list[str] = typer.Option(
        None, "--make-var", help="KEY=VALUE for make, e.g. ZOO_ECG_SOURCE=replay (repeatable)."
    ),
    jobs: int = typer.Option(None, min=1, help="make -j (default: CPUs)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would be staged and the make command; build nothing."
    ),
    if_pushed: bool = typer.Option(
        False,
        "--if-pushed",
        help="When --version-dir holds no package (the Pusher did not bless the run), write "
        f"{NOT_BUILT} to --out and exit 0 (the pipeline's build step).",
    ),
):
    """Build the neuralSPOT app into <model>.bin/.axf/.map and size.json.

    Stages the app, firmware/common, the package's front end and the model package into the
    neuralSPOT checkout and runs neuralSPOT's own make. Without a checkout, the Arm toolchain
    or a package it exits 2 with one line per missing item saying how to get it.
    """
    from firmware_tools import build

    model_name = _model_name(model)
    make_vars = {}
    for item in make_var or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--make-var {item!r}: expected KEY=VALUE")
        make_vars[key] = value
    out = out or str(settings.home() / "firmware" / model_name / platform)
    with build.local_workdir() as work:
        package_dir = Path(version_dir) if version_dir else None
        if version_dir and build.is_remote(version_dir):
            package_dir = build.fetch_dir(version_dir, Path(work) / "package")
        if if_pushed and package_dir and not (package_dir / "manifest.json").is_file():
            _write_not_built(build, out, Path(work), version_dir)
            return
        problems, package = build.missing_requirements(model_name, package_dir, neuralspot_root)
        if version_dir and build.is_remote(version_dir):  # name the URI, not our local copy
            problems = [p.replace(str(package_dir), version_dir) for p in problems]
        if dry_run:
            _print_dry_run(build, model_name, package, neuralspot_root, platform, make_vars, jobs)
            for problem in problems:
                console.print(f"missing: {problem}", highlight=False, soft_wrap=True)
            if package is None:
                raise typer.Exit(2)
            return
        if problems:
            fail(problems)
        try:
            plan = build.plan_build(model_name, package, neuralspot_root, platform, make_vars, jobs)
        except build.BuildError as error:
            fail(str(error))
        local_out = Path(work) / "out" if build.is_remote(out) else Path(out)
        try:
            written = build.build(plan, local_out)
        except build.BuildError as error:
            fail(str(error), 1)
        _print_built(written, out, platform)
        if build.is_remote(out):
            build.publish_dir(local_out, out)


def _write_not_built(build, out: str, work: Path, version_dir: str) -> None:
    note = (
        f"No firmware built: {version_dir} holds no pushed model package "
        "(the Pusher did not bless this run).\n"
    )
    local_out = work / "out" if build.is_remote(out) else Path(out)
    local_out.mkdir(parents=True, exist_ok=True)
    (local_out / NOT_BUILT).write_text(note)
    if build.is_remote(out):
        build.publish_dir(local_out, out)
    console.print(note.strip(), highlight=False)


def _print_dry_run(build, model_name, package, neuralspot_root, platform, make_vars, jobs):
    root = neuralspot_root or Path(f"${build.NEURALSPOT_ENV}")
    if neuralspot_root and not build.neuralspot_problem(neuralspot_root):
        try:
            make_vars = {**build.platform_make_vars(neuralspot_root, platform), **make_vars}
        except build.BuildError as error:
            fail(str(error))
    command = build.make_command(root, model_name, platform, make_vars, jobs)
    stage_dir = root / "apps" / build.STAGE_PARENT / model_name
    if package is None:
        console.print(f"run   {' '.join(command)}", highlight=False, soft_wrap=True)
        return
    tree = build.staged_tree(model_name, package)
    generated = {build.FRONTEND_MAKEFILE: build.frontend_makefile(package)}
    text = build.summarize(tree, generated, command, stage_dir)
    console.print(text, highlight=False, soft_wrap=True)


def _print_built(written: dict, out: str, platform: str) -> None:
    import json

    report = json.loads(Path(written["size.json"]).read_text())
    sdk = report["build"]
    console.print(
        f"[bold green]Built[/] {report['model']} for {platform} with neuralSPOT make "
        f"(neuralSPOT {sdk['neuralspot_version']} at {sdk['neuralspot_root']}):"
    )
    for name in (".bin", ".axf", ".map", "size.json"):
        console.print(f"  {Path(out) / Path(written[name]).name}", highlight=False)
    for region, use in report["regions"].items():
        console.print(
            f"  {region}: {use['used']} of {use['length']} bytes ({use['percent']}%)",
            highlight=False,
        )
    for symbol, where in report["symbols"].items():
        console.print(f"  {symbol}: {where['bytes']} bytes in {where['region']}", highlight=False)
