"""Action ids, callback ids and limits of the Slack edge, in one place."""

from __future__ import annotations

# buttons on an answer
SHOW_MORE = "answer_show_more"
FEEDBACK_UP = "answer_feedback_up"
FEEDBACK_DOWN = "answer_feedback_down"
ASK_TEAM = "answer_ask_privacy_team"
CHOOSE_COMPANY = "answer_choose_company"  # one button per company: action ids CHOOSE_COMPANY + ":" + slug
SHARE = "answer_share_in_channel"

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks)
MAX_BLOCKS = 50
MAX_TEXT = 3000  # a section's text
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000

EYES = "eyes"
SLASH_COMMAND = "/privacy"
