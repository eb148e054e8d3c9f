"""firmware_tools.image_size: nm output -> symbols, and where they are placed."""

from firmware_tools.image_size import Region, bytes_from, parse_symbols, symbol_placement

NM_TEXT = """\
00005880 000067d0 R g_heart_arrhythmia_model\t/src/c/heart_arrhythmia_model.c:12
00001234 T tflite::MicroInterpreter::MicroInterpreter(tflite::Model const*, int)
20000400 00003000 b ha_tensor_arena
00000100 00000040 T tflite::MicroInterpreter::Invoke()\t/tflm/micro_interpreter.cc:301
"""


def test_sized_symbols_with_demangled_names_and_sources():
    found = parse_symbols(NM_TEXT)
    assert [s.name for s in found] == [
        "g_heart_arrhythmia_model",
        "ha_tensor_arena",
        "tflite::MicroInterpreter::Invoke()",
    ]  # the unsized constructor is left out, its spaces notwithstanding
    model, arena, invoke = found
    assert (model.address, model.size, model.kind) == (0x5880, 0x67D0, "R")
    assert model.source == "/src/c/heart_arrhythmia_model.c"
    assert arena.source == "" and invoke.source == "/tflm/micro_interpreter.cc"
    assert bytes_from(found, lambda s: s.source.startswith("/tflm/")) == 0x40


def test_placement_names_the_region_holding_each_symbol():
    regions = [Region("MCU_MRAM", 0x0, 0x1E8000), Region("MCU_TCM", 0x20000000, 0x60000)]
    placed = symbol_placement(
        parse_symbols(NM_TEXT), regions, ["g_heart_arrhythmia_model"], "tensor_arena"
    )
    assert placed == {
        "g_heart_arrhythmia_model": {"bytes": 0x67D0, "address": 0x5880, "region": "MCU_MRAM"},
        "ha_tensor_arena": {"bytes": 0x3000, "address": 0x20000400, "region": "MCU_TCM"},
    }
