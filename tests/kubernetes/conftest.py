import pytest

from tests.kubernetes.manifests import OVERLAYS, copy_tree, render


@pytest.fixture(scope="session")
def manifests(tmp_path_factory):
    """A renderable copy of kubernetes/ (env files from their examples)."""
    return copy_tree(tmp_path_factory.mktemp("k8s") / "kubernetes")


@pytest.fixture(scope="session")
def all_rendered(manifests):
    return {overlay: render(manifests, overlay) for overlay in OVERLAYS}


@pytest.fixture(params=OVERLAYS)
def rendered(request, all_rendered):
    return request.param, all_rendered[request.param]
