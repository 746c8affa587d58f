"""Validate a retrieval batch folder: policies/*.txt front matter + questions.jsonl.

    python3 data/retrieval/validate_batch.py data/retrieval/r3

Used for every folder but r2 (r2 keeps the validator its author wrote). A
folder without ``policies/`` (r8, r13, r15, r21, r24, r26, blind-seeds6) holds questions on the bundled policies (``knowledge/``).
"""
import collections
import json
import pathlib
import re
import sys

if len(sys.argv) != 2:
    sys.exit("usage: validate_batch.py FOLDER")
ROOT = pathlib.Path(sys.argv[1]).resolve()
KINDS = {"answer", "about_right", "no_answer"}
RIGHTS = {"access", "rectification", "erasure", "restriction", "portability",
          "objection", "withdraw_consent", "opt_out_marketing", "automated_decision"}
BANNED = {"xledger", "leep", "leadpilot", "leading-business", "company-003"}
errors = []


def err(msg):
    errors.append(msg)


SEEDS = not (ROOT / "policies").is_dir()
POLICIES = pathlib.Path(__file__).resolve().parents[2] / "knowledge" if SEEDS else ROOT / "policies"
policies = {}
for p in sorted(POLICIES.glob("*.txt")):
    slug = p.stem
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or (slug in BANNED and not SEEDS):
        err(f"bad slug {slug}")
    text = p.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not m:
        err(f"{slug}: missing front matter")
        continue
    meta = dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "")
                for line in m.group(1).splitlines())
    for key in ("name", "aliases", "language") + (() if SEEDS else ("source_url",)):
        if key not in meta:
            err(f"{slug}: front matter lacks {key}")
    if meta.get("language") not in {"sv", "en"}:
        err(f"{slug}: bad language")
    body = m.group(2)
    words = len([w for w in body.split() if re.search(r"\w", w)])
    policies[slug] = {"text": text, "lang": meta.get("language"), "words": words}

ids = set()
stats = collections.Counter()
for n, line in enumerate((ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    try:
        q = json.loads(line)
    except json.JSONDecodeError as e:
        err(f"line {n}: bad json {e}")
        continue
    qid = q.get("id")
    if qid in ids:
        err(f"{qid}: duplicate id")
    ids.add(qid)
    for key in ("id", "lang", "company", "named_company", "question", "kind", "gold", "right"):
        if key not in q:
            err(f"{qid}: missing {key}")
    slug = q.get("company") or q.get("named_company")
    if (q.get("company") is None) == (q.get("named_company") is None):
        err(f"{qid}: exactly one of company/named_company must be set")
    if slug not in policies:
        err(f"{qid}: unknown policy {slug}")
        continue
    if q["lang"] not in {"sv", "en"}:
        err(f"{qid}: bad lang")
    kind = q["kind"]
    if kind not in KINDS:
        err(f"{qid}: bad kind {kind}")
    gold = q["gold"]
    if kind == "no_answer":
        if gold:
            err(f"{qid}: no_answer with gold")
    else:
        if not 1 <= len(gold) <= 3:
            err(f"{qid}: needs 1-3 gold, has {len(gold)}")
    for g in gold:
        if not 30 <= len(g) <= 200:
            err(f"{qid}: gold length {len(g)}: {g[:50]!r}")
        if g not in policies[slug]["text"]:
            err(f"{qid}: gold not verbatim in {slug}: {g[:60]!r}")
    if kind == "about_right":
        if q["right"] not in RIGHTS:
            err(f"{qid}: bad right {q['right']}")
    elif q["right"] is not None:
        err(f"{qid}: right set on {kind}")
    stats[(slug, kind)] += 1
    stats[(slug, "lang:" + q["lang"])] += 1
    stats[(slug, "null_company")] += q["company"] is None
    stats[("total", kind)] += 1
    stats[("total", "lang:" + q["lang"])] += 1

for slug, info in policies.items():
    print(f"{slug}: lang={info['lang']} words={info['words']}")
for k in sorted(stats):
    print(k, stats[k])
print(f"{len(ids)} questions")
if errors:
    print("\n".join(["ERRORS:"] + errors))
    sys.exit(1)
print("OK")
