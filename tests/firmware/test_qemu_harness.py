"""The QEMU harness: argv, stdout, semihosting files, exit status, instruction counts, faults."""

from pathlib import Path

import pytest

from firmware_tools.qemu import BuildError, build_elf, run_elf, toolchain_status

C_DIR = Path(__file__).parent / "c"


@pytest.fixture(scope="module")
def hello_elf(toolchain, tmp_path_factory):
    return build_elf([C_DIR / "hello.c"], tmp_path_factory.mktemp("hello") / "hello.elf")


def test_toolchain_status_names_each_tool():
    status = toolchain_status()
    assert set(status) == {"arm-none-eabi-gcc", "qemu-system-arm", "rdimon.specs"}


def test_hello_world_args_files_and_exit_status(hello_elf, tmp_path):
    (tmp_path / "in.txt").write_text("Hello")
    result = run_elf(hello_elf, ["1000", str(tmp_path / "in.txt"), str(tmp_path / "out.txt")])
    assert result.exit_code == 7
    assert result.stdout == "hello from hello.elf: 4 args\nx*100=225\n"
    assert (tmp_path / "out.txt").read_text() == "hELLO"
    assert result.instructions is None


def test_exit_call_keeps_its_status(hello_elf, tmp_path):
    (tmp_path / "in.txt").write_text("exit!")
    result = run_elf(hello_elf, ["10", str(tmp_path / "in.txt"), str(tmp_path / "out.txt")])
    assert result.exit_code == 42


@pytest.mark.parametrize("loops", [1000, 250_000])
def test_counts_instructions_in_the_marked_region(hello_elf, tmp_path, loops):
    (tmp_path / "in.txt").write_text("x")
    args = [str(loops), str(tmp_path / "in.txt"), str(tmp_path / "out.txt")]
    result = run_elf(hello_elf, args, count_instructions=True)
    assert result.exit_code == 7
    assert abs(result.instructions - 2 * loops) <= 40  # one timer tick of resolution


def test_fault_exits_nonzero_and_says_so(toolchain, tmp_path):
    source = tmp_path / "fault.c"
    source.write_text("int main(void) { return *(volatile int *)0xF0000000u; }\n")
    result = run_elf(build_elf([source], tmp_path / "fault.elf"))
    assert result.exit_code == 1
    assert "harness: BusFault" in result.stdout or "harness: HardFault" in result.stdout


def test_build_error_carries_compiler_message(toolchain, tmp_path):
    source = tmp_path / "broken.c"
    source.write_text("int main(void) { return undefined_name; }\n")
    with pytest.raises(BuildError, match="undefined_name"):
        build_elf([source], tmp_path / "broken.elf")
