"""The test servers: under CI a server that cannot start fails the run, never skips."""

from pathlib import Path

import pytest

from tests.storage import servers


def test_without_the_weed_binary_the_run_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(servers, "weed_binary", lambda: None)
    with pytest.raises(pytest.fail.Exception, match="required under CI"):
        servers.seaweedfs_server(tmp_path).__enter__()


def test_without_the_weed_binary_a_developer_is_told_and_skips(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(servers, "weed_binary", lambda: None)
    with pytest.raises(pytest.skip.Exception, match="weed binary"):
        servers.seaweedfs_server(tmp_path).__enter__()


def test_the_pinned_weed_binary_is_installed_beside_python() -> None:
    binary = servers.weed_binary()
    assert binary is not None
    assert binary.exists()
