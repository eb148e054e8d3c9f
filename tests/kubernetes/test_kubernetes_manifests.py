"""kubernetes/: every overlay renders, validates offline against Kubernetes 1.30, and every pod
template meets Pod Security "restricted"; the Dockerfiles agree with what the manifests run."""

import copy
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
OVERLAYS = sorted(p.name for p in (REPO / "kubernetes" / "overlays").iterdir() if p.is_dir())
KUBERNETES_VERSION = "1.30"
RUN_AS_USER = 10001
PIPELINE_IMAGE = "ghcr.io/ambiq-modelzoo/pipeline"
FIRMWARE_IMAGE = "ghcr.io/ambiq-modelzoo/firmware"


def kustomize_command() -> list[str]:
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    pytest.skip("neither kubectl (Debian's kubernetes-client) nor kustomize is installed")


def render(overlay: str) -> list[dict]:
    path = REPO / "kubernetes" / "overlays" / overlay
    result = subprocess.run(
        [*kustomize_command(), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{path} does not render:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request):
    return request.param, render(request.param)


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
def test_overlays_choose_their_artifact_store(overlay, scheme):
    docs = render(overlay)
    [launcher] = [
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "kfp-launcher"
    ]
    assert launcher["data"]["defaultPipelineRoot"].startswith(scheme)
    has_minio_secret = any(
        d["kind"] == "Secret" and d["metadata"]["name"] == "mlpipeline-minio-artifact" for d in docs
    )
    assert has_minio_secret == (overlay == "minio")


# --- Dockerfiles ---------------------------------------------------------------------------


def dockerfile(name: str) -> dict:
    """FROM, USER and ENTRYPOINT of docker/<name>.Dockerfile (the last of each)."""
    text = (REPO / "docker" / f"{name}.Dockerfile").read_text()
    logical = re.sub(r"\\\n", " ", text)
    found = {}
    for line in logical.splitlines():
        instruction, _, value = line.strip().partition(" ")
        if instruction in ("FROM", "USER", "ENTRYPOINT"):
            found[instruction] = value.strip()
    found["ENTRYPOINT"] = yaml.safe_load(found["ENTRYPOINT"])  # exec form: a JSON list
    return found


def locked_version(package: str) -> str:
    lock = (REPO / "requirements.lock").read_text()
    return re.search(rf"^{re.escape(package)}==([^\s;]+)", lock, re.M).group(1)


def containers_of(image: str):
    for overlay in OVERLAYS:
        for where, pod in pod_specs(render(overlay)):
            for container in pod.get("initContainers", []) + pod["containers"]:
                if container["image"].startswith(image + ":"):
                    yield f"{overlay}:{where}/{container['name']}", container


def test_pipeline_dockerfile_matches_the_lock_and_the_manifests():
    pipeline = dockerfile("pipeline")
    beam = locked_version("apache-beam")
    assert pipeline["FROM"] == f"apache/beam_python3.10_sdk:{beam}"
    assert pipeline["USER"] == str(RUN_AS_USER)
    assert pipeline["ENTRYPOINT"] == ["/opt/apache/beam/boot"]
    # The entrypoint is Beam's boot (Dataflow, worker pools): the manifests name their command.
    runs = dict(containers_of(PIPELINE_IMAGE))
    assert runs and all(c["command"] == ["modelzoo"] for c in runs.values()), runs


def test_firmware_dockerfile_matches_the_manifests():
    firmware = dockerfile("firmware")
    assert re.fullmatch(r"python:3\.10-slim-\w+", firmware["FROM"])
    assert firmware["USER"] == str(RUN_AS_USER)
    # Kubeflow's NeuralspotBuild step and `docker run IMAGE firmware build ...` rely on it.
    assert firmware["ENTRYPOINT"] == ["modelzoo"]
    text = (REPO / "docker" / "firmware.Dockerfile").read_text()
    assert "gcc-arm-none-eabi" in text and "NEURALSPOT_ROOT=/opt/neuralspot" in text
    runs = dict(containers_of(FIRMWARE_IMAGE))
    builds = {name: c for name, c in runs.items() if c["command"] != ["git"]}
    assert len(builds) == 4  # the CronJob's and the Job's, in each overlay
    for name, container in builds.items():
        assert container["command"] == ["sh", "-c"], name
        script = container["args"][0]
        assert 'exec modelzoo firmware build "$MODEL" --version-dir "$models/$version"' in script
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert "/opt/neuralspot" in mounts
        env = {e["name"] for e in container["env"]}
        assert {"MODEL", "MODEL_DIR", "MODELZOO_HOME", "FIRMWARE_PLATFORM"} <= env


def test_firmware_script_builds_the_latest_pushed_version(tmp_path):
    """The manifests' shell step, run with a stand-in `modelzoo` that prints its arguments."""
    [(_, container), *_] = [
        item for item in containers_of(FIRMWARE_IMAGE) if item[1]["command"] == ["sh", "-c"]
    ]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "modelzoo").write_text('#!/bin/sh\necho "$@"\n')
    (bin_dir / "modelzoo").chmod(0o755)
    home = tmp_path / "home"
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "MODEL": "heart-arrhythmia",
        "MODEL_DIR": "heart_arrhythmia",
        "MODELZOO_HOME": str(home),
        "FIRMWARE_PLATFORM": "apollo4p_evb",
    }
    script = container["args"][0]
    nothing = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)
    assert nothing.returncode == 0 and "nothing to build" in nothing.stdout
    models = home / "models" / "heart_arrhythmia"
    models.mkdir(parents=True)
    (models / "latest").write_text("1795608825\n")
    built = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert built.stdout.split() == [
        "firmware",
        "build",
        "heart-arrhythmia",
        "--version-dir",
        f"{models}/1795608825",
        "--platform",
        "apollo4p_evb",
        "--out",
        f"{home}/firmware/heart-arrhythmia/1795608825",
    ]
