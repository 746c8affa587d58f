"""Validate the blind retrieval evaluation set (questions.jsonl + policies/*.txt)."""
import json, os, sys, collections

BASE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"answer", "about_right", "no_answer"}
RIGHTS = {"access", "rectification", "erasure", "restriction", "portability",
          "objection", "withdraw_consent", "opt_out_marketing"}
FORBIDDEN = ("xledger", "leep", "leadpilot", "leading-business", "company-003")

def load_policy(path):
    raw = open(path, encoding="utf-8").read()
    assert raw.startswith("---\n"), f"{path}: no front matter"
    end = raw.index("\n---\n", 4)
    meta = {}
    for line in raw[4:end].splitlines():
        k, _, v = line.partition(":")
        meta[k.strip()] = v.strip()
    for k in ("name", "aliases", "language", "source_url"):
        assert k in meta, f"{path}: missing {k}"
    assert meta["language"] in ("sv", "en"), f"{path}: bad language"
    return meta, raw[end + 5:]

errors = []
policies = {}
for fn in sorted(os.listdir(os.path.join(BASE, "policies"))):
    if fn.endswith(".txt"):
        slug = fn[:-4]
        if any(b in slug for b in FORBIDDEN) or slug != slug.lower():
            errors.append(f"bad slug {slug}")
        policies[slug] = load_policy(os.path.join(BASE, "policies", fn))

seen = set()
stats = collections.Counter()
with open(os.path.join(BASE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            q = json.loads(line)
        except Exception as e:
            errors.append(f"line {n}: parse error {e}"); continue
        qid = q.get("id")
        if qid in seen: errors.append(f"{qid}: duplicate id")
        seen.add(qid)
        for k in ("id", "lang", "company", "named_company", "question", "kind", "gold", "right"):
            if k not in q: errors.append(f"{qid}: missing {k}")
        if q["lang"] not in ("sv", "en"): errors.append(f"{qid}: bad lang")
        if q["kind"] not in KINDS: errors.append(f"{qid}: bad kind")
        slug = q["company"] or q["named_company"]
        if slug not in policies: errors.append(f"{qid}: unknown slug {slug}"); continue
        if q["company"] is None and q["named_company"] is None:
            errors.append(f"{qid}: neither company nor named_company")
        if q["kind"] == "about_right":
            if q["right"] not in RIGHTS: errors.append(f"{qid}: bad right {q['right']}")
        elif q["right"] is not None:
            errors.append(f"{qid}: right set on {q['kind']}")
        if q["kind"] == "no_answer":
            if q["gold"]: errors.append(f"{qid}: no_answer with gold")
        else:
            if not 1 <= len(q["gold"]) <= 3: errors.append(f"{qid}: {len(q['gold'])} gold")
            text = policies[slug][1]
            for g in q["gold"]:
                if not 30 <= len(g) <= 200: errors.append(f"{qid}: gold length {len(g)}: {g[:40]}")
                if g not in text: errors.append(f"{qid}: gold not verbatim: {g[:60]}")
        stats[(slug, q["kind"], q["lang"], "null" if q["company"] is None else "set")] += 1

if errors:
    print("\n".join(errors)); print(f"FAILED: {len(errors)} problems"); sys.exit(1)
tot = collections.Counter()
for (slug, kind, lang, c), v in sorted(stats.items()):
    tot[(slug, kind)] += v; tot[(slug, lang)] += v; tot[(slug, c)] += v; tot[slug] += v
for slug in policies:
    print(slug, policies[slug][0]["language"], "words:", len(policies[slug][1].split()),
          "| total", tot[slug], "| answer", tot[(slug, "answer")], "about_right", tot[(slug, "about_right")],
          "no_answer", tot[(slug, "no_answer")], "| sv", tot[(slug, "sv")], "en", tot[(slug, "en")],
          "| company=null", tot[(slug, "null")])
print(f"OK: {len(seen)} questions")
