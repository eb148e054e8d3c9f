"""Keyword spotting: what its pipeline adds to the standard DAG (``pipelines/factory.py``).

WAV clips in the Speech Commands layout (``<word>/<speaker>_nohash_<n>.wav``) become log-mel
examples (the integer front end runs in the record function), hash-split by speaker so that no
voice is in training and evaluation both; clips in ``testing_list.txt`` (held-out voices) are
left out for the benchmark.
"""

from modules.keyword_spotting import SPEC, config, push
from pipelines.factory import ModelPipeline, PushSettings, RecordFiles

PIPELINE = ModelPipeline(
    spec=SPEC,
    records=RecordFiles(
        file_pattern="*.wav",
        record_fn="modules.keyword_spotting.records.record_to_examples",
        split_feature=config.SPEAKER_KEY,
        record_fn_kwargs={"keywords": list(config.KEYWORDS)},
    ),
    schema_file="modules/keyword_spotting/schema.pbtxt",
    label_feature=config.LABEL_KEY,
    preprocessing_fn="modules.keyword_spotting.preprocessing.preprocessing_fn",
    run_fn="modules.keyword_spotting.trainer.run_fn",
    push=PushSettings(
        feature_key=push.FEATURE_KEY,
        label_key=push.LABEL_KEY,
        class_names=push.CLASS_NAMES,
        extra_manifest=push.EXTRA_MANIFEST,
        firmware_tables_fn=push.FIRMWARE_TABLES_FN,
    ),
    train_steps=8000,
    min_accuracy=0.85,
    min_class_recall=config.MIN_CLASS_RECALL,
)

PIPELINE_NAME = PIPELINE.name
create_pipeline = PIPELINE.create_pipeline
data_components = PIPELINE.data_components
