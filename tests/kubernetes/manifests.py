"""kubernetes/ as the tests render it: a copy of the tree in which each overlay's env files
are made from their committed ``*.env.example`` (the real ones are never committed), rendered
with ``kubectl kustomize`` (or ``kustomize build``)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
OVERLAYS = sorted(p.name for p in (REPO / "kubernetes" / "overlays").iterdir() if p.is_dir())


def kustomize_command() -> list[str]:
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    pytest.skip("neither kubectl (Debian's kubernetes-client) nor kustomize is installed")


def copy_tree(dest: Path, env_files: bool = True) -> Path:
    """``kubernetes/`` copied to ``dest``; with ``env_files``, each ``X.env`` from X.env.example."""
    shutil.copytree(REPO / "kubernetes", dest, ignore=shutil.ignore_patterns("*.env"))
    if env_files:
        for example in dest.rglob("*.env.example"):
            shutil.copy(example, example.with_suffix(""))
    return dest


def run_kustomize(tree: Path, overlay: str) -> subprocess.CompletedProcess:
    path = tree / "overlays" / overlay
    return subprocess.run(
        [*kustomize_command(), str(path)], capture_output=True, text=True, check=False
    )


def render(tree: Path, overlay: str) -> list[dict]:
    result = run_kustomize(tree, overlay)
    assert result.returncode == 0, f"overlays/{overlay} does not render:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def pod_specs(docs: list[dict]):
    """(where, pod spec) for every pod template in the rendered documents."""
    for doc in docs:
        spec, where = doc.get("spec", {}), f"{doc['kind']}/{doc['metadata']['name']}"
        if doc["kind"] == "CronJob":
            yield where, spec["jobTemplate"]["spec"]["template"]["spec"]
        elif doc["kind"] in ("Job", "Deployment", "StatefulSet", "DaemonSet"):
            yield where, spec["template"]["spec"]
        elif doc["kind"] == "Pod":
            yield where, spec


def containers(docs: list[dict]):
    """(where, container) for every container and init container."""
    for where, pod in pod_specs(docs):
        for container in pod.get("initContainers", []) + pod["containers"]:
            yield f"{where}/{container['name']}", container


def config_map(docs: list[dict], prefix: str) -> dict:
    """The data of the ConfigMap whose name starts with ``prefix`` (generators add a hash)."""
    [data] = [
        d.get("data", {})
        for d in docs
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith(prefix)
    ]
    return data
