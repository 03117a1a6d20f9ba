"""The API's error answers: problem details (RFC 9457), as api/errors.py makes them."""

from typing import Any


def problem(response: Any, status: int) -> dict[str, Any]:
    """The body of a problem answer of `status`, checked for what every problem must have."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"], body
    return body


def invalid_names(response: Any) -> set[str]:
    """The fields a 400 names in its invalidParams, each with a code and a reason."""
    params = problem(response, 400)["invalidParams"]
    assert all(param["code"] and param["reason"] for param in params), params
    return {param.get("name", "") for param in params}
