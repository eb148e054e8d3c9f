"""Declarative KFP schedules: ``modelzoo kfp schedule`` applies a named recurring run.

Kubeflow Pipelines cannot update a recurring run (kubeflow/pipelines#3789). Applying a schedule
reads the live recurring runs of that name in the experiment and plans one of:

- ``create``: there is none;
- ``unchanged``: an enabled one already has these settings: nothing is sent;
- ``replace``: create the new recurring run, then delete the old one(s). There is never a
  moment without an enabled schedule; for the one request in between, both are enabled (the
  API has no atomic swap). If creating fails, the old one stays as it was. If deleting an old
  one fails, it is disabled instead and the caller is told; if disabling fails too, the new
  one is deleted again, so the old one still runs alone.
- ``prune``: an enabled one has these settings but others of that name are enabled too (made
  by hand): those are deleted, so one stays enabled.

"These settings" is decided by a digest, not by comparing the server's copy field by field:
SHA-256 of the canonical JSON of cron, run-time parameters, pipeline spec, max concurrency,
catch-up, pipeline root and service account (:meth:`Schedule.settings`), written into the
recurring run's description as ``settings sha256:<hex>``. KFP hands an inline pipeline spec
back re-serialised (a protobuf Struct), and a recurring run made by hand has no digest: either
way the digest differs and the run is replaced. The fields KFP returns are compared only to
say what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipelines.kfp_client import (
    Call,
    Endpoint,
    KfpServerError,
    KfpUsageError,
    RunRequest,
    check_cron,
    execute,
    experiment_requests,
    server_errors,
)

_DIGEST = re.compile(r"settings sha256:([0-9a-f]{64})")
# The settings KFP returns on a recurring run, in the order a change is reported.
_COMPARED = (
    "cron",
    "parameters",
    "max_concurrency",
    "no_catchup",
    "pipeline_root",
    "service_account",
    "pipeline_spec",
)
_PAGE_SIZE = 100


@dataclass(frozen=True)
class Schedule:
    """What ``modelzoo kfp schedule`` is asked to apply: a run request on a cron trigger."""

    request: RunRequest  # its name is the schedule's name
    spec: dict  # the compiled package's PipelineSpec
    cron: str
    max_concurrency: int = 1

    @cached_property
    def settings(self) -> dict[str, Any]:
        """Everything that makes two recurring runs the same; the digest covers exactly this."""
        return {
            "cron": check_cron(self.cron),
            "parameters": self.request.parameters,
            "max_concurrency": self.max_concurrency,
            # A paused or late schedule starts one run, not one per missed slot: each run reads
            # the newest data span anyway.
            "no_catchup": True,
            "pipeline_root": self.request.pipeline_root,
            "service_account": self.request.service_account,
            "pipeline_spec": self.spec,
        }

    @cached_property
    def digest(self) -> str:
        canonical = json.dumps(self.settings, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def create_calls(self) -> list[Call]:
        """``create_experiment`` (get or create) and ``create_recurring_run``."""
        settings = self.settings
        return [
            Call(
                "create_experiment",
                experiment_requests(self.request.experiment),
                {"name": self.request.experiment},
            ),
            Call(
                "create_recurring_run",
                ["POST /apis/v2beta1/recurringruns"],
                {
                    "experiment_id": f"<id of experiment {self.request.experiment}>",
                    "job_name": self.request.name,
                    "description": f"Applied by `modelzoo kfp schedule`; settings "
                    f"sha256:{self.digest}",
                    "cron_expression": settings["cron"],
                    "max_concurrency": settings["max_concurrency"],
                    "no_catchup": settings["no_catchup"],
                    "pipeline_package_path": self.request.package,
                    "params": settings["parameters"],
                    "pipeline_root": settings["pipeline_root"],
                    "service_account": settings["service_account"],
                    "enabled": True,
                },
            ),
        ]


@dataclass(frozen=True)
class LiveRun:
    """A recurring run as the server holds it."""

    recurring_run_id: str
    enabled: bool
    digest: str | None  # None: not applied by `modelzoo kfp schedule`
    settings: dict[str, Any]  # the fields of Schedule.settings that KFP returns

    @classmethod
    def from_api(cls, run) -> LiveRun:
        """From a ``kfp_server_api.V2beta1RecurringRun``."""
        cron = run.trigger.cron_schedule if run.trigger else None
        config = run.runtime_config
        status = run.status or "STATUS_UNSPECIFIED"
        enabled = status == "ENABLED" or (status == "STATUS_UNSPECIFIED" and run.mode == "ENABLE")
        match = _DIGEST.search(run.description or "")
        return cls(
            recurring_run_id=run.recurring_run_id,
            enabled=enabled,
            digest=match.group(1) if match else None,
            settings={
                "cron": cron.cron if cron else None,
                "parameters": dict(config.parameters or {}) if config else {},
                "max_concurrency": int(run.max_concurrency or 0) or None,
                "no_catchup": bool(run.no_catchup),
                "pipeline_root": (config.pipeline_root if config else None) or None,
                "service_account": run.service_account or None,
                "pipeline_spec": run.pipeline_spec,
            },
        )

    def describe(self) -> dict:
        return {
            "recurring_run_id": self.recurring_run_id,
            "enabled": self.enabled,
            "settings_sha256": self.digest,
        }


@dataclass
class Plan:
    """What applying ``schedule`` does, given the live recurring runs of its name."""

    action: str  # create | replace | unchanged | prune
    schedule: Schedule
    live: list[LiveRun]
    keep: LiveRun | None = None  # unchanged, prune: the enabled run that has these settings
    remove: list[LiveRun] = field(default_factory=list)  # deleted (after the create, if any)
    changes: list[str] = field(default_factory=list)  # replace: what differs, for people

    @property
    def creates(self) -> bool:
        return self.action in ("create", "replace")

    def calls(self) -> list[Call]:
        calls = self.schedule.create_calls() if self.creates else []
        return calls + [_delete_call(run.recurring_run_id) for run in self.remove]

    def describe(self) -> dict:
        return {
            "action": self.action,
            "schedule": self.schedule.request.name,
            "experiment": self.schedule.request.experiment,
            "settings_sha256": self.schedule.digest,
            "live": [run.describe() for run in self.live],
            "changes": self.changes,
        }


def plan(schedule: Schedule, live: list[LiveRun]) -> Plan:
    """Decides create / unchanged / prune / replace (see the module docstring)."""
    current = [run for run in live if run.enabled and run.digest == schedule.digest]
    if current:
        keep = current[0]
        others = [run for run in live if run.enabled and run is not keep]
        return Plan("prune" if others else "unchanged", schedule, live, keep, others)
    if not live:
        return Plan("create", schedule, live)
    shown = next((run for run in live if run.enabled), live[0])
    return Plan("replace", schedule, live, remove=list(live), changes=changes(schedule, shown))


def changes(schedule: Schedule, live: LiveRun) -> list[str]:
    """What differs between ``schedule`` and a live run, one short line each."""
    found = [] if live.enabled else ["enabled: false -> true"]
    for key in _COMPARED:
        before, after = live.settings[key], schedule.settings[key]
        if _comparable(before) == _comparable(after):
            continue
        if key == "pipeline_spec":
            found.append("pipeline_spec: the compiled package differs")
        else:
            found.append(f"{key}: {_show(before)} -> {_show(after)}")
    if live.digest is None:
        found.append("settings digest: none (not applied by `modelzoo kfp schedule`)")
    elif not found:
        found.append("settings digest differs")
    return found


@dataclass
class Outcome:
    """What applying a plan did; ``warnings`` are one line each, for the user."""

    created: Any = None  # kfp_server_api.V2beta1RecurringRun
    deleted: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)  # could not delete: disabled instead
    warnings: list[str] = field(default_factory=list)


def read_live(client, endpoint: Endpoint, experiment: str, name: str) -> list[LiveRun]:
    """The recurring runs named ``name`` in ``experiment`` (none if it does not exist)."""
    with server_errors(endpoint), contextlib.redirect_stdout(io.StringIO()):
        try:
            experiment_id = client.get_experiment(experiment_name=experiment).experiment_id
        except ValueError as error:
            if str(error).startswith("No experiment is found"):
                return []
            raise KfpUsageError(f"--experiment {experiment}: {error}") from None
        name_filter = json.dumps(
            {"predicates": [{"operation": "EQUALS", "key": "display_name", "stringValue": name}]}
        )
        runs, token = [], ""
        while True:
            page = client.list_recurring_runs(
                experiment_id=experiment_id,
                filter=name_filter,
                page_size=_PAGE_SIZE,
                page_token=token,
            )
            runs += page.recurring_runs or []
            token = page.next_page_token
            if not token:
                break
    return [LiveRun.from_api(run) for run in runs if run.display_name == name]


def apply(client, endpoint: Endpoint, plan: Plan) -> Outcome:
    """Carries ``plan`` out: create first, then remove; raises KfpServerError when it had to
    stop (the message says what state it left)."""
    outcome = Outcome()
    if plan.creates:  # a failure here changes nothing: the old runs stay as they were
        outcome.created = execute(client, endpoint, plan.schedule.create_calls())[-1].result
    name = plan.schedule.request.name
    for run in plan.remove:
        old = run.recurring_run_id
        try:
            execute(client, endpoint, [_delete_call(old)])
            outcome.deleted.append(old)
            continue
        except KfpServerError as error:
            failure = error
        if not run.enabled:
            outcome.warnings.append(f"could not delete disabled recurring run {old}: {failure}")
            continue
        try:
            execute(client, endpoint, [_disable_call(old)])
        except KfpServerError as error:
            _undo_create(client, endpoint, outcome, name, old, f"{failure}; {error}")
        outcome.disabled.append(old)
        outcome.warnings.append(
            f"could not delete the old recurring run {old} ({failure}); disabled it instead: "
            "delete it in the KFP UI"
        )
    return outcome


def _undo_create(client, endpoint, outcome: Outcome, name: str, old: str, why: str) -> None:
    """An old run is still enabled: delete the new one so only one stays enabled, and stop."""
    if outcome.created is None:
        raise KfpServerError(
            f"recurring run {old} could not be deleted or disabled ({why}): more than one "
            f"enabled schedule is named {name!r}; delete it in the KFP UI"
        )
    new = outcome.created.recurring_run_id
    try:
        execute(client, endpoint, [_delete_call(new)])
    except KfpServerError as error:
        raise KfpServerError(
            f"two enabled recurring runs named {name!r}: could not remove the old one {old} "
            f"({why}) nor the new one {new} ({error}); delete one in the KFP UI"
        ) from None
    raise KfpServerError(
        f"could not delete or disable the old recurring run {old} ({why}); deleted the new one "
        "again: the old schedule runs unchanged"
    )


def _delete_call(recurring_run_id: str) -> Call:
    return Call(
        "delete_recurring_run",
        [f"DELETE /apis/v2beta1/recurringruns/{recurring_run_id}"],
        {"recurring_run_id": recurring_run_id},
    )


def _disable_call(recurring_run_id: str) -> Call:
    return Call(
        "disable_recurring_run",
        [f"POST /apis/v2beta1/recurringruns/{recurring_run_id}:disable"],
        {"recurring_run_id": recurring_run_id},
    )


def _comparable(value):
    """JSON numbers as KFP returns them (doubles): 2 and 2.0 are the same setting."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _show(value) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else repr(value)
