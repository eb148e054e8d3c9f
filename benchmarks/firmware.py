"""Firmware benchmark -> benchmarks/results/firmware.json, one entry per firmware/models/*/.

For every committed model package (so later models just appear) it builds the QEMU harness image
(reference int8 kernels + the model's plan + the package's model array, linked for Apollo4's MRAM
and TCM), checks the golden vectors bit for bit, and records:

* flash: the model array (what the device ships), the reference kernels' code and the plan's
  constants, attributed from the ELF's symbols; and the whole harness image's MRAM use;
* RAM: the tensor arena the Pusher measured with tflite-micro (what the device needs), the
  harness plan's own arena, and the image's .data/.bss and stack/heap reserves;
* instructions per inference counted in QEMU (-icount, a cycle proxy) and an energy estimate at
  Apollo4's published active current;
* the front end's instructions per model input, for a package whose manifest declares a front
  end with a benchmark program (the ECG front end: resampling and windowing, per window).

The reference kernels are plain C, not CMSIS-NN: device numbers will differ (see "caveats").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from firmware_tools import image_size  # noqa: E402
from firmware_tools.model_image import (  # noqa: E402
    KERNELS_DIR,
    REGION_SIZES,
    ModelDoesNotFitError,
    build_model_image,
    run_golden,
)
from firmware_tools.package import ModelPackage, read_package  # noqa: E402
from firmware_tools.paths import COMMON_INCLUDE_DIR, COMMON_SOURCES, MODELS_DIR  # noqa: E402
from firmware_tools.qemu import (  # noqa: E402
    QEMU,
    BuildError,
    build_elf,
    missing_toolchain,
    run_elf,
)
from firmware_tools.tflite_model import UnsupportedModelError  # noqa: E402
from firmware_tools.toolchain import GCC  # noqa: E402

OUT = REPO / "benchmarks" / "results" / "firmware.json"

ENERGY_BASIS = {
    "active_current_uA_per_MHz": 4.0,
    "source": (
        "Ambiq Apollo4 family datasheet, 'Ultra-Low Supply Current: 4 uA/MHz executing from "
        "MRAM (with cache)', as quoted from https://www.cnx-software.com/2020/09/17/"
        "ambiq-apollo-4-mcu-3%C2%B5a-mhz/ (the 2020 launch article gave 3 uA/MHz); the Apollo4 "
        "Plus datasheet itself was not reachable from this machine: check it before relying on "
        "these numbers"
    ),
    "supply_V": 3.3,
    "clock_MHz": 96,
    "assumptions": [
        "1 instruction = 1 cycle (QEMU counts instructions; on a Cortex-M4 loads, multiplies and "
        "taken branches take more than one cycle, so real cycle counts are higher)",
        "the supply is 3.3 V (the EVB's) and the uA/MHz figure holds at that supply",
        "only the core's active current: no sensor, radio, peripheral or sleep current",
    ],
}

CAVEATS = [
    "Instruction counts come from the test-only reference kernels (plain C, TFLM's reference "
    "arithmetic), not from TFLM with CMSIS-NN: CMSIS-NN's SIMD kernels need several times fewer "
    "instructions, so device latency and energy will differ (usually be lower).",
    "Energy is an estimate from instruction counts and a datasheet figure, not a measurement.",
    "Flash on the device is the model array plus TFLM/CMSIS-NN and the app; the reference "
    "kernels and plan constants below are the harness's stand-ins for TFLM's kernels.",
]


def _tool_version(tool: str) -> str:
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    return out.splitlines()[0] if out else "unknown"


def energy_estimate(instructions: float) -> dict:
    basis = ENERGY_BASIS
    seconds = instructions / (basis["clock_MHz"] * 1e6)
    current_a = basis["active_current_uA_per_MHz"] * basis["clock_MHz"] * 1e-6
    return {
        "estimate": True,
        "uJ": round(current_a * basis["supply_V"] * seconds * 1e6, 3),
        "ms_at_clock": round(seconds * 1e3, 3),
    }


def flash_and_ram(image) -> dict:
    found = image_size.symbols(image.elf, with_sources=True)
    ident = image.package.ident
    image_sections = image_size.read_sections(image.elf)
    sections = {s.name: s.size for s in image_sections}
    regions = image_size.region_usage(
        image_size.read_regions(image.elf.with_suffix(".map")), image_sections
    )
    bytes_from = image_size.bytes_from
    model_array = bytes_from(found, lambda s: s.name == f"g_{ident}_model")
    kernels = bytes_from(found, lambda s: s.source.startswith(str(KERNELS_DIR)))
    plan = bytes_from(found, lambda s: s.source.endswith(f"{ident}_plan.c"))
    golden = bytes_from(found, lambda s: s.name.startswith(f"g_{ident}_golden_"))
    usage = {"mram_bytes": regions["MRAM"]["used"], "tcm_bytes": regions["TCM"]["used"]}
    return {
        "flash_bytes": {
            "model_array": model_array,
            "reference_kernels_code": kernels,
            "plan_constants": plan,
            "model_total": model_array + kernels + plan,
            "harness_image_mram": usage["mram_bytes"],
            "harness_image_other": usage["mram_bytes"] - model_array - kernels - plan,
            "counted": (
                "model_total = the model array (g_<model>_model, read in place by TFLM and by "
                "the plan) + code of the reference kernels this model links + the plan's op "
                "table, params, multipliers and shifts; harness_image_mram = the whole QEMU "
                "image's MRAM (.text + .ARM.exidx + .data load image), also holding the golden "
                f"vectors ({golden} B), startup, newlib-nano stdio and semihosting"
            ),
        },
        "ram_bytes": {
            "tensor_arena_tflm": image.package.manifest.get("arena_bytes"),
            "tensor_arena_harness_plan": image.plan.arena_bytes,
            "data_bss": sections.get(".data", 0) + sections.get(".bss", 0),
            "stack_reserve": sections.get(".stack", 0),
            "heap_reserve": sections.get(".heap", 0),
            "harness_image_tcm": usage["tcm_bytes"],
            "counted": (
                "tensor_arena_tflm: the Pusher's tflite-micro arena (header ARENA_SIZE, measured "
                "on a 64-bit host plus margin): what the device app allocates in TCM; "
                "tensor_arena_harness_plan: the arena of the harness's greedy plan; "
                "harness_image_tcm = .data + .bss + plan arena + heap and stack reserves"
            ),
        },
    }


def model_entry(package: ModelPackage, build_dir: Path) -> dict:
    image = build_model_image(package, build_dir)
    run = run_golden(image, count_instructions=True)
    count = len(run.outputs)
    per_inference = run.result.instructions / count
    macs = package.manifest.get("macs")
    return {
        "model": package.model_name,
        "version": package.manifest.get("version"),
        "tflite_sha256": package.manifest.get("tflite_sha256"),
        "ops": [op.builtin for op in image.plan.ops],
        "golden_vectors_bit_exact": run.mismatches == 0,
        "golden_vectors": count,
        **flash_and_ram(image),
        "instructions_per_inference": round(per_inference),
        "instructions_method": (
            f"QEMU mps2-an386 -icount shift=0, harness timer around zoo_plan_invoke, mean over "
            f"{count} golden vectors (resolution 40 instructions per inference)"
        ),
        "macs": macs,
        "instructions_per_mac": round(per_inference / macs, 2) if macs else None,
        "energy_per_inference": energy_estimate(per_inference),
    }


def frontend_entry(package: ModelPackage, build_dir: Path) -> dict | None:
    """Front-end instructions per model input, when the package declares a front end that has
    a benchmark program (None otherwise)."""
    bench = package.frontend.benchmark(package.manifest) if package.frontend else None
    if bench is None:
        return None
    frontend = package.frontend_build()
    elf = build_elf(
        [bench.main, *COMMON_SOURCES, *frontend.sources],
        build_dir / "frontend.elf",
        include_dirs=[COMMON_INCLUDE_DIR, *frontend.include_dirs],
        defines={**frontend.defines, **bench.defines},
    )
    counts = {}
    for mode, key in bench.modes.items():
        result = run_elf(elf, [mode], count_instructions=True)
        if result.exit_code != 0:
            raise RuntimeError(f"front end {mode} failed:\n{result.stdout}")
        counts[key] = result.instructions
    total = sum(counts.values())
    derived = {key: round(counts[mode] / n) for key, (mode, n) in bench.per_unit.items()}
    return {
        **counts,
        **derived,
        "instructions_per_window": total,
        "what": bench.what,
        "energy_per_window": energy_estimate(total),
    }


def benchmark(models_dir: Path) -> dict:
    entries = []
    with tempfile.TemporaryDirectory(prefix="fw-bench-") as tmp:
        for root in sorted(p for p in models_dir.iterdir() if p.is_dir()):
            package = read_package(root)
            build_dir = Path(tmp) / package.ident
            try:
                entry = model_entry(package, build_dir)
            except (UnsupportedModelError, ModelDoesNotFitError) as exc:
                entries.append({"model": package.model_name, "skipped": str(exc)})
                continue
            try:
                frontend = frontend_entry(package, build_dir)
            except (BuildError, RuntimeError) as exc:  # incl. FrontendUnavailableError
                frontend = {"skipped": str(exc).splitlines()[0]}
                print(f"{package.model_name}: front end not measured: {frontend['skipped']}")
            if frontend is not None:
                entry["frontend"] = frontend
            entries.append(entry)
    return {
        "models": entries,
        "energy_basis": ENERGY_BASIS,
        "caveats": CAVEATS,
        "apollo4_regions": {"mram_bytes": REGION_SIZES["MRAM"], "tcm_bytes": REGION_SIZES["TCM"]},
        "toolchain": {"gcc": _tool_version(GCC), "qemu": _tool_version(QEMU)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    missing = missing_toolchain()
    if missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    results = benchmark(args.models_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    for entry in results["models"]:
        if "skipped" in entry:
            print(f"{entry['model']}: skipped ({entry['skipped']})")
            continue
        print(
            f"{entry['model']}: flash {entry['flash_bytes']['model_total']} B, arena "
            f"{entry['ram_bytes']['tensor_arena_tflm']} B, "
            f"{entry['instructions_per_inference']:,} instructions/inference, "
            f"~{entry['energy_per_inference']['uJ']} uJ (estimate)"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
