"""Checks real responses against the OpenAPI document: the operation is found by the request's path, the status
must be declared, the media type must be one the document names for it, and the body must validate against its
schema (JSON Schema 2020-12, formats checked, objects closed: a member the document does not name is an error)."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

import httpx
from fastapi import FastAPI
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "urn:trainingops:openapi"
BINARY_MEDIA = ("application/octet-stream", "application/gzip", "application/vnd.")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def closed(schema: Any) -> Any:
    """A copy of ``schema`` in which every object that names its members allows no others."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


class Contract:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.document: dict[str, Any] = app.openapi()
        resource = Resource(contents=closed(self.document), specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(BASE, resource)
        self.patterns = {
            template: re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)))
            for template in self.document["paths"]
        }
        self.checked: dict[str, set[str]] = defaultdict(set)  # operation id -> statuses seen and validated

    def operations(self) -> dict[str, tuple[str, str]]:
        """Every operation of the document: id -> (method, path template)."""
        found = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                found[operation["operationId"]] = (method, path)
        return found

    def route(self, method: str, path: str) -> tuple[str, str]:
        """The document's path template for a concrete path (the one with fewest parameters if several match)."""
        matches = [
            template
            for template, pattern in self.patterns.items()
            if pattern.fullmatch(path) and method.lower() in self.document["paths"][template]
        ]
        assert matches, f"{method} {path} is no operation of the document"
        return min(matches, key=lambda t: t.count("{")), method.lower()

    def validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": f"{BASE}#{pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def check(self, response: httpx.Response) -> httpx.Response:
        """Validate one real response against the document; returns it, to chain."""
        template, method = self.route(response.request.method, response.request.url.path)
        operation = self.document["paths"][template][method]
        name = f"{operation['operationId']} ({method.upper()} {template}) answered {response.status_code}"
        status = str(response.status_code)
        declared = operation["responses"]
        key = next((k for k in (status, status[0] + "XX", "default") if k in declared), None)
        assert key is not None, f"{name}, which it does not declare: {response.text[:300]}"
        for header in declared[key].get("headers", {}):
            assert header in response.headers, f"{name} without its declared {header} header"
        content = declared[key].get("content")
        if not content:
            assert response.content == b"", f"{name} with a body the document does not declare"
        else:
            media = response.headers.get("content-type", "").split(";")[0].strip()
            assert media in content, f"{name} as {media!r}; the document names {sorted(content)}"
            if media.startswith(BINARY_MEDIA) and not media.endswith("json"):
                assert response.content, f"{name} with an empty file"
            else:
                instance = response.json() if media.endswith("json") else response.text
                pointer = "/".join(
                    ["", "paths", _escape(template), method, "responses", key, "content", _escape(media), "schema"]
                )
                problems = sorted(self.validator(pointer).iter_errors(instance), key=lambda e: list(e.path))
                listed = "\n".join(f"  at {e.json_path}: {e.message[:300]}" for e in problems[:8])
                assert not problems, f"{name} with a body that does not match its schema:\n{listed}"
        self.checked[operation["operationId"]].add(status)
        return response
