"""Validate r2 questions.jsonl against r2/policies/*.txt."""
import json, os, re, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"answer", "about_right", "no_answer"}
RIGHTS = {"access", "rectification", "erasure", "restriction", "portability",
          "objection", "withdraw_consent", "opt_out_marketing"}
pol = {}
for fn in sorted(os.listdir(os.path.join(HERE, "policies"))):
    if fn.endswith(".txt"):
        txt = open(os.path.join(HERE, "policies", fn), encoding="utf-8").read()
        m = re.match(r"---\n(.*?)\n---\n", txt, re.S)
        assert m, f"{fn}: no front matter"
        fm = dict(l.split(":", 1) for l in m.group(1).splitlines())
        assert set(fm) == {"name", "aliases", "language", "source_url"}, fn
        assert fm["language"].strip() in ("sv", "en"), fn
        pol[fn[:-4]] = txt[m.end():]
errs, ids = [], set()
cnt = collections.Counter()
for n, line in enumerate(open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"), 1):
    try:
        q = json.loads(line)
    except Exception as e:
        errs.append(f"line {n}: bad json {e}"); continue
    keys = {"id", "lang", "company", "named_company", "question", "kind", "gold", "right"}
    if set(q) != keys: errs.append(f"{n}: keys {set(q) ^ keys}")
    if q["id"] in ids: errs.append(f"{n}: dup id {q['id']}")
    ids.add(q["id"])
    if q["lang"] not in ("sv", "en"): errs.append(f"{n}: lang")
    if q["kind"] not in KINDS: errs.append(f"{n}: kind")
    slug = q["company"] or q["named_company"]
    if (q["company"] is None) == (q["named_company"] is None): errs.append(f"{n}: exactly one of company/named_company")
    if slug not in pol: errs.append(f"{n}: unknown slug {slug}"); continue
    if q["kind"] == "no_answer":
        if q["gold"]: errs.append(f"{n}: no_answer with gold")
    else:
        if not 1 <= len(q["gold"]) <= 3: errs.append(f"{n}: gold count")
    if q["kind"] == "about_right":
        if q["right"] not in RIGHTS: errs.append(f"{n}: right {q['right']}")
    elif q["right"] is not None: errs.append(f"{n}: right should be null")
    for g in q["gold"]:
        if not 30 <= len(g) <= 200: errs.append(f"{n}: gold len {len(g)}: {g[:40]}")
        if g not in pol[slug]: errs.append(f"{n}: gold not verbatim in {slug}: {g[:60]}")
    cnt[(slug, q["kind"], q["lang"], "named" if q["company"] is None else "bound")] += 1
for e in errs: print("ERR", e)
print("errors:", len(errs), "questions:", len(ids))
agg = collections.Counter()
for (s, k, l, b), c in cnt.items():
    agg[(s, k)] += c; agg[(s, l)] += c; agg[(s, b)] += c; agg[("ALL", k)] += c; agg[("ALL", l)] += c; agg[("ALL", b)] += c
for k in sorted(agg): print(k, agg[k])
sys.exit(1 if errs else 0)
