"""ExampleGen for directories of WFDB records, with a quarantine for unreadable ones."""

from components.wfdb_example_gen.component import (
    QuarantineReport,
    WfdbExampleGen,
    split_output_config,
)

__all__ = ["QuarantineReport", "WfdbExampleGen", "split_output_config"]
