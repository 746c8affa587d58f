"""Failed Web API calls are described for the logs whatever Slack answered."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.slack.web_api import slack_error


def _error(data: object, status: int) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data=data,
        headers={},
        status_code=status,  # type: ignore[arg-type]
    )
    return SlackApiError("failed", response)


def test_a_json_error_gives_its_code() -> None:
    assert slack_error(_error({"ok": False, "error": "channel_not_found"}, 200)) == "channel_not_found"


def test_a_text_plain_5xx_page_gives_the_http_status_instead_of_raising() -> None:
    assert slack_error(_error("<html>503 Service Unavailable</html>", 503)) == "http_503"


def test_an_error_without_a_response_gives_its_kind() -> None:
    assert slack_error(TimeoutError()) == "TimeoutError"
