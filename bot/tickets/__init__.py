"""Rights requests (DSAR) as tickets: data model, legal deadlines, workflow service, export.

Entry points: `bot.tickets.service` (open_ticket, transitions, get/list), `bot.tickets.deadlines`
(pure date rules), `bot.tickets.digest`, `bot.tickets.export`.
"""
