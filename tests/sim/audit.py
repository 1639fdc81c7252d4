"""Compare the ledger of acknowledged writes with the database: nothing acknowledged may be missing, nothing
duplicated, and SQLite's own integrity check must pass."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .phone import Ledger
from .server import Server


def audit(server: Server, ledger: Ledger) -> dict[str, Any]:
    """Missing acknowledged writes and duplicate rows, by kind, plus `PRAGMA integrity_check`."""
    participants = dict(server.query('SELECT id, name FROM participants'))
    pulses = {
        (s, p): json.loads(a)
        for s, p, a in server.query('SELECT session_id, participant_id, answers FROM pulse_responses')
    }
    questions = server.query('SELECT id, text FROM questions')
    by_id = dict(questions)
    texts = Counter(text for _, text in questions)
    votes = dict(server.query('SELECT question_id, COUNT(*) FROM question_votes GROUP BY question_id'))
    pledges = server.query('SELECT participant_id, text FROM pledges')
    pledged = dict(pledges)
    acked_votes = Counter(q for _, q in ledger.votes)
    missing = {
        'joins': sum(participants.get(pid) != name for pid, name in ledger.joins.items()),
        'pulses': sum(
            pulses.get(key) not in _since_ack(answers, ledger.sent_pulses.get(key, []))
            for key, answers in ledger.pulses.items()
        ),
        'questions': sum(by_id.get(qid) != text for qid, text in ledger.questions.items()),
        'votes': sum(max(0, n - votes.get(qid, 0)) for qid, n in acked_votes.items()),
        'pledges': sum(pledged.get(pid) != text for pid, text in ledger.pledges.items()),
    }
    duplicates = {
        'questions': sum(n - 1 for text, n in texts.items() if n > 1 and text in set(ledger.questions.values())),
        'pledges': len(pledges) - len(pledged),
        'votes_over_voters': sum(max(0, n - acked_votes.get(qid, 0)) for qid, n in votes.items()),
    }
    integrity = server.query('PRAGMA integrity_check')[0][0]
    return {
        'acknowledged': ledger.size(),
        'missing': missing,
        'missing_total': sum(missing.values()),
        'duplicates': duplicates,
        'duplicates_total': duplicates['questions'] + duplicates['pledges'],
        'integrity': integrity,
    }


def _since_ack(acked: dict, sent: list[dict]) -> list[dict]:
    """The acknowledged answer and any sent after it (a crash may have committed one without acknowledging it)."""
    last = max((i for i, values in enumerate(sent) if values == acked), default=len(sent))
    return [acked, *sent[last + 1 :]]
