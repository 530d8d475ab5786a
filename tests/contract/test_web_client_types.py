"""The web app's typed client is generated from the API's own OpenAPI document (web/src/api/schema.d.ts, committed):
this fails when the API changed and the types were not regenerated (`./run web-types`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trainingops.app import create_app
from trainingops.config import Settings

WEB = Path(__file__).resolve().parents[2] / "web"
GENERATOR = WEB / "node_modules" / "openapi-typescript" / "bin" / "cli.js"


def test_the_committed_types_are_those_of_the_live_document(tmp_path: Path) -> None:
    node = shutil.which("node", path=str(Path(sys.executable).parent))
    if node is None or not GENERATOR.is_file():
        pytest.skip("Node or the web app's packages are missing (./run setup installs both)")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(create_app(Settings(jwt_secret="x" * 48)).openapi(), indent=2) + "\n")
    generated = tmp_path / "schema.d.ts"
    subprocess.run([node, str(GENERATOR), str(document), "-o", str(generated)], check=True, capture_output=True)
    assert generated.read_text() == (WEB / "src" / "api" / "schema.d.ts").read_text(), "run ./run web-types"
