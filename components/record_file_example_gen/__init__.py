"""ExampleGen for directory trees of record files (WFDB headers, WAV clips, ...), with a
quarantine for the files that cannot be read."""

from components.record_file_example_gen.component import (
    QuarantineReport,
    RecordFileExampleGen,
    split_output_config,
)

__all__ = ["QuarantineReport", "RecordFileExampleGen", "split_output_config"]
