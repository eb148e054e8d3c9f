"""kubernetes/: every overlay renders, validates offline against Kubernetes 1.30, and every pod
template meets Pod Security "restricted"; images are pinned, MinIO's credentials come from an
uncommitted env file, and the model is the overlay's choice, checked against the registry."""

import base64
import copy
import re
import shutil
import subprocess

import kubernetes_validate
import pytest

from modules.registry import MODELS
from pipelines import images
from tests.kubernetes.manifests import (
    REPO,
    config_map,
    containers,
    copy_tree,
    pod_specs,
    run_kustomize,
)

KUBERNETES_VERSION = "1.30"
RUN_AS_USER = 10001
SCRIPTS_MOUNT = "/opt/modelzoo-job"


def restricted_violations(where: str, pod: dict) -> list[str]:
    """What Pod Security "restricted" (and this project) forbids, per container."""
    problems = []
    pod_context = pod.get("securityContext", {})
    if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
        problems.append(f"{where}: host namespaces")
    if any("hostPath" in volume for volume in pod.get("volumes", [])):
        problems.append(f"{where}: hostPath volume")
    if pod.get("automountServiceAccountToken") is not False:
        problems.append(f"{where}: mounts an API token it does not use")
    volumes = {volume["name"] for volume in pod.get("volumes", [])}
    for container in pod.get("initContainers", []) + pod["containers"]:
        name = f"{where}/{container['name']}"
        context = container.get("securityContext", {})

        def effective(key, context=context):
            return context.get(key, pod_context.get(key))

        if effective("runAsNonRoot") is not True:
            problems.append(f"{name}: runAsNonRoot is not true")
        if effective("runAsUser") in (0, None) and pod_context.get("runAsUser") in (0, None):
            problems.append(f"{name}: no non-zero runAsUser")
        if (effective("seccompProfile") or {}).get("type") != "RuntimeDefault":
            problems.append(f"{name}: seccomp profile is not RuntimeDefault")
        if context.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}: privilege escalation allowed")
        if context.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{name}: writable root filesystem")
        capabilities = context.get("capabilities", {})
        if capabilities.get("drop") != ["ALL"] or capabilities.get("add"):
            problems.append(f"{name}: capabilities not all dropped")
        if context.get("privileged"):
            problems.append(f"{name}: privileged")
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(resources.get(kind, {})):
                problems.append(f"{name}: no cpu/memory {kind}")
        for mount in container.get("volumeMounts", []):
            if mount["name"] not in volumes:
                problems.append(f"{name}: mounts undeclared volume {mount['name']}")
        if not re.match(
            r"^[\w.-]+(:\d+)?/[\w./-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$", container["image"]
        ):
            problems.append(f"{name}: image {container['image']!r} is not registry/name:tag")
    return problems


def test_every_overlay_validates_against_kubernetes_1_30(rendered):
    overlay, docs = rendered
    kinds = {doc["kind"] for doc in docs}
    assert {"Namespace", "ServiceAccount", "Role", "RoleBinding", "CronJob", "Job"} <= kinds
    assert {"ConfigMap", "LimitRange", "PersistentVolumeClaim"} <= kinds
    for doc in docs:
        # strict: unknown fields (a misspelt securityContext key, say) are errors too.
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == "modelzoo", f"{overlay}: {doc['kind']}"


def test_validation_catches_a_misspelt_field(rendered):
    _, docs = rendered
    cronjob = copy.deepcopy(next(d for d in docs if d["kind"] == "CronJob"))
    container = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"]["readOnlyRootFileSystem"] = True
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(cronjob, KUBERNETES_VERSION, strict=True)


def test_every_pod_template_is_restricted(rendered):
    overlay, docs = rendered
    pods = list(pod_specs(docs))
    assert len(pods) == 2, f"{overlay}: expected the CronJob and the Job"
    for where, pod in pods:
        assert restricted_violations(where, pod) == []
        assert pod["securityContext"]["runAsUser"] == RUN_AS_USER
    [namespace] = [d for d in docs if d["kind"] == "Namespace"]
    labels = namespace["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


def test_the_security_check_itself_flags_violations(rendered):
    _, docs = rendered
    where, pod = next(pod_specs(copy.deepcopy(docs)))
    container = pod["containers"][0]
    container["securityContext"]["readOnlyRootFilesystem"] = False
    container["securityContext"]["capabilities"] = {"drop": ["NET_RAW"]}
    del container["resources"]["limits"]
    container["securityContext"]["seccompProfile"] = {"type": "Unconfined"}
    problems = restricted_violations(where, pod)
    name = f"{where}/{container['name']}"
    for expected in (
        f"{name}: writable root filesystem",
        f"{name}: capabilities not all dropped",
        f"{name}: no cpu/memory limits",
        f"{name}: seccomp profile is not RuntimeDefault",
    ):
        assert expected in problems


def test_rbac_is_least_privilege(rendered):
    _, docs = rendered
    assert not any(d["kind"] in ("ClusterRole", "ClusterRoleBinding") for d in docs)
    [role] = [d for d in docs if d["kind"] == "Role"]
    for rule in role["rules"]:
        assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"]
        assert set(rule["verbs"]) <= {"get", "create", "patch"}
        if {"secrets", "configmaps"} & set(rule["resources"]):
            assert rule["verbs"] == ["get"] and rule["resourceNames"], rule
    [binding] = [d for d in docs if d["kind"] == "RoleBinding"]
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "modelzoo-pipeline", "namespace": "modelzoo"}
    ]


@pytest.mark.parametrize("overlay, scheme", [("minio", "minio://"), ("gcs", "gs://")])
def test_overlays_choose_their_artifact_store(all_rendered, overlay, scheme):
    docs = all_rendered[overlay]
    launcher = config_map(docs, "kfp-launcher")
    assert launcher["defaultPipelineRoot"].startswith(scheme)
    has_minio_secret = any(
        d["kind"] == "Secret" and d["metadata"]["name"] == "mlpipeline-minio-artifact" for d in docs
    )
    assert has_minio_secret == (overlay == "minio")


def test_minio_credentials_come_from_the_env_file_git_does_not_track(all_rendered, tmp_path):
    [secret] = [d for d in all_rendered["minio"] if d["kind"] == "Secret"]
    example = (REPO / "kubernetes/overlays/minio/minio.env.example").read_text()
    expected = dict(
        line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#")
    )
    decoded = {key: base64.b64decode(value).decode() for key, value in secret["data"].items()}
    assert decoded == expected == {"accesskey": "minio", "secretkey": "minio123"}
    # Not in the manifests: without the env file the overlay does not render, and says why.
    bare = copy_tree(tmp_path / "kubernetes", env_files=False)
    result = run_kustomize(bare, "minio")
    assert result.returncode != 0 and "minio.env" in result.stderr
    if shutil.which("git") and (REPO / ".git").exists():
        ignored = subprocess.run(
            ["git", "-C", str(REPO), "check-ignore", "-q", "kubernetes/overlays/minio/minio.env"]
        )
        assert ignored.returncode == 0, "kubernetes/overlays/minio/minio.env is not git-ignored"


def test_images_are_the_pinned_ones_never_latest(rendered):
    overlay, docs = rendered
    pins = {images.pinned(images.PIPELINE), images.pinned(images.FIRMWARE)}
    used = {container["image"] for _, container in containers(docs)}
    assert used == pins, overlay
    for image in used:
        assert images.check_pinned(image) == image
        assert not image.endswith(":latest")


def test_every_overlay_retrains_a_registered_model(rendered):
    overlay, docs = rendered
    assert config_map(docs, "modelzoo-settings")["MODEL"] in MODELS, overlay


def test_no_model_is_named_in_the_base_the_components_or_the_dockerfiles():
    """Only overlays choose a model; everything below them goes through the registry."""
    shared = [REPO / "kubernetes" / "base", REPO / "kubernetes" / "components", REPO / "docker"]
    files = [path for folder in shared for path in folder.rglob("*") if path.is_file()]
    assert len(files) > 10
    for spec in MODELS.values():
        for path in files:
            text = path.read_text()
            for name in (spec.cli_name, spec.model_name):
                assert name not in text, f"{path.relative_to(REPO)} names model {name}"


def test_the_jobs_run_the_scripts_of_the_job_scripts_config_map(rendered):
    overlay, docs = rendered
    scripts = config_map(docs, "modelzoo-job-scripts")
    assert set(scripts) == {"model.sh", "retrain.sh", "build-firmware.sh"}
    for where, pod in pod_specs(docs):
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in pod.get("initContainers", []) + pod["containers"]:
            if container["command"] == ["git"]:
                continue
            shell, script = container["command"]
            assert shell == "sh" and script.startswith(SCRIPTS_MOUNT + "/"), where
            assert script.rsplit("/", 1)[1] in scripts
            [mount] = [m for m in container["volumeMounts"] if m["mountPath"] == SCRIPTS_MOUNT]
            assert mount["readOnly"] is True
            name = volumes[mount["name"]]["configMap"]["name"]
            assert name.startswith("modelzoo-job-scripts"), where
            env = {
                e["name"]: e["valueFrom"]["configMapKeyRef"]
                for e in container["env"]
                if "valueFrom" in e
            }
            assert env["MODEL"]["key"] == "MODEL" and env["MODEL"]["optional"] is True
