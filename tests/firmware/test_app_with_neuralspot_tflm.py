"""With a neuralSPOT checkout, the app's TFLM glue runs on an emulated Cortex-M4F with
neuralSPOT's own prebuilt TFLM (CMSIS-NN kernels): the boot self-test must be bit-exact.

neuralSPOT cannot be installed here, so this test is skipped unless NEURALSPOT_ROOT names a
checkout; it does not need AmbiqSuite's device headers, only TFLM's headers and library.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

from modelzoo.firmware import build
from modelzoo.firmware.compile_check import CPU_FLAGS, CXX_FLAGS, DECLARATIONS_DIR
from modelzoo.firmware.sync import read_package

qemu = pytest.importorskip("modelzoo.firmware.qemu")

MODEL = "heart_arrhythmia"
MAIN = build.REPO_ROOT / "tests" / "firmware" / "c" / "tflm_selftest_main.c"
# What neuralSPOT's make adds for TFLM (make/neuralspot_toolchain.mk, neuralspot_config.mk).
TFLM_DEFINES = [
    "-DTF_LITE_STATIC_MEMORY",
    "-DTF_LITE_STRIP_ERROR_STRINGS",
    "-DNS_TFSTRUCTURE_RECENT",
]


def _tflm_dir(root: Path) -> Path:
    config = (root / "make" / "neuralspot_config.mk").read_text()
    version = re.search(r"TF_VERSION\s*:=\s*(\S+)", config)[1]
    return root / "extern" / "tensorflow" / version


@pytest.fixture
def neuralspot_tflm():
    root = os.environ.get("NEURALSPOT_ROOT")
    if not root or build.neuralspot_problem(Path(root)):
        pytest.skip("NEURALSPOT_ROOT does not name a neuralSPOT checkout")
    if qemu.missing_toolchain():
        pytest.skip(qemu.missing_toolchain())
    tflm = _tflm_dir(Path(root))
    library = tflm / "lib" / "libtensorflow-microlite-cm4-gcc-release.a"
    if not library.is_file():
        pytest.skip(f"{library} is missing from the checkout")
    return tflm, library


def test_self_test_is_bit_exact_with_neuralspot_tflm(tmp_path, neuralspot_tflm):
    tflm, library = neuralspot_tflm
    package_dir = build.default_package_dir(MODEL)
    if not (package_dir / "manifest.json").is_file():
        pytest.skip(f"{package_dir} is not in this tree")
    package = read_package(package_dir, MODEL)
    src = build.app_dir(MODEL) / "src"
    includes = [tflm, tflm / "third_party", tflm / "third_party/flatbuffers/include"]
    includes += [
        tflm / "third_party/gemmlowp",
        src,
        package_dir,
        DECLARATIONS_DIR,
        qemu.HARNESS_DIR,
    ]
    flags = [*CPU_FLAGS, "-O2", *TFLM_DEFINES, *(f"-I{d}" for d in includes)]
    objects = []
    for source in [src / "ha_model.cc", src / "ha_selftest.c", MAIN, qemu.HARNESS_STARTUP]:
        obj = tmp_path / f"{source.stem}.o"
        compiler = "arm-none-eabi-g++" if source.suffix == ".cc" else "arm-none-eabi-gcc"
        cxx = ["-fno-exceptions", "-fno-rtti", *CXX_FLAGS]
        language = cxx if source.suffix == ".cc" else ["-std=gnu99"]
        subprocess.run([compiler, *flags, *language, "-c", str(source), "-o", str(obj)], check=True)
        objects.append(obj)
    for source in package.c_files():
        if source.suffix == ".c":
            obj = tmp_path / f"{source.stem}.o"
            subprocess.run(
                ["arm-none-eabi-gcc", *flags, "-c", str(source), "-o", str(obj)], check=True
            )
            objects.append(obj)
    elf = tmp_path / "selftest.elf"
    subprocess.run(
        ["arm-none-eabi-g++", *CPU_FLAGS, "-nostartfiles", f"-T{qemu.APOLLO4_LINKER_SCRIPT}"]
        + ["--specs=nano.specs", "--specs=rdimon.specs", "-Wl,--gc-sections"]
        + [str(o) for o in objects]
        + [str(library), "-lm", "-o", str(elf)],
        check=True,
    )
    result = qemu.run_elf(elf, timeout=120)
    count = re.search(r"GOLDEN_COUNT (\d+)", package.files[f"{MODEL}_golden.h"].read_text())[1]
    assert result.exit_code == 0, result.stdout
    assert f"ha: selftest PASS: {count}/{count} golden vectors bit-exact" in result.stdout
