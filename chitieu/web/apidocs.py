"""The JSON API described in Vietnamese: each ``/api`` route's summary and tag from ``data/web.yaml``, an OpenAPI
description whose every line a reader meets is Vietnamese (``/api/openapi.json``), and a page that reads it
(``/api/docs``, served from the site itself: no CDN). Also the site's icon (``/favicon.ico``) and the addresses that
lead to the description (``/api``, ``/docs``).

The route functions' and models' docstrings are notes for developers, in English: they are left out of the
description, which takes its words from the data file and the models' field descriptions only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from chitieu.web.deps import MaybeUser, render
from chitieu.web.paths import STATIC
from chitieu.web.texts import API, API_SUMMARIES, DOCS_PAGE

router = APIRouter()
ERROR_SCHEMA = {"title": "Lỗi", "type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string", "title": "Một câu tiếng Việt"}}}
ICON_DAYS = 7


def describe(app: FastAPI, api: APIRouter) -> None:
    """Give each route of ``api`` its Vietnamese summary and tag (a route without one in the data file is a
    ``KeyError`` at start: a new route is described before it ships) and build the OpenAPI description with
    ``vietnamese_openapi``. Call before the first description is asked for."""
    for route in api.routes:
        if isinstance(route, APIRoute):
            route.summary = API_SUMMARIES[route.name]
            route.description = ""
            route.tags = [API["tag"]]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = vietnamese_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def vietnamese_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description with its English left out: the models' docstrings, "Successful Response", the
    "Validation Error" answer (whose shape is not what the API answers: ``{"detail": "<sentence>"}``)."""
    schema = get_openapi(title=API["title"], version=app.version, description=API["description"],
                         routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Error"] = ERROR_SCHEMA
    for model in components.values():
        model.pop("description", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for code, answer in operation.get("responses", {}).items():
                if code == "422":
                    answer["description"] = API["invalid"]
                    answer["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                elif code.startswith("2"):
                    answer["description"] = API["ok"]
                else:
                    answer["description"] = API["error"]
    return schema


def _ref_name(schema: dict[str, Any]) -> str:
    """A schema's name as the page shows it: a model's name, "danh sách <model>", or its JSON type."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return "danh sách " + _ref_name(schema.get("items", {}))
    if "anyOf" in schema:
        return " | ".join(_ref_name(part) for part in schema["anyOf"])
    return str(schema.get("type", "…"))


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """What the page lists for each route: method, path, summary, parameters, body fields and answers."""
    components = schema.get("components", {}).get("schemas", {})
    out = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            body_schema = (operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                           .get("schema") or {})
            body_model = components.get(_ref_name(body_schema), {}) if "$ref" in body_schema else {}
            required = set(body_model.get("required", []))
            fields = [{"name": name, "type": _ref_name(field), "required": name in required,
                       "description": field.get("description", "")}
                      for name, field in body_model.get("properties", {}).items()]
            if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
                fields = [{"name": "files", "type": "tệp", "required": True, "description": ""}]
            parameters = [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                           "type": _ref_name(p.get("schema", {})), "description": p.get("description", "")}
                          for p in operation.get("parameters", [])]
            answers = [{"code": code, "description": answer.get("description", ""),
                        "type": _ref_name(answer.get("content", {}).get("application/json", {}).get("schema", {}))}
                       for code, answer in operation.get("responses", {}).items()]
            out.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                        "parameters": parameters, "fields": fields, "answers": answers})
    return out


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request, user: MaybeUser) -> Response:
    schema = request.app.openapi()
    return render(request, "api_docs.html", api=API, words=DOCS_PAGE, operations=_operations(schema))


@router.get("/api", include_in_schema=False)
@router.get("/docs", include_in_schema=False)
def to_api_docs() -> Response:
    return RedirectResponse("/api/docs", status_code=308)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": f"public, max-age={ICON_DAYS * 86400}"})
