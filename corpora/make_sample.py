#!/usr/bin/python3
"""Regenerate the bundled German sample corpus in corpora/ (deterministic, no randomness).

  faq/docs.ndjson       <- all of ../shared/corpora/debian-faq-de/docs.ndjson, copied byte for byte
  articles/docs.ndjson  <- 300 pages of ../shared/corpora/libreoffice-help-de/docs.ndjson, chosen by
                           fixed per-category quotas, evenly spaced over the pages sorted by id
  forum/docs.ndjson     <- forum/threads.txt (written for the Antwort project), converted
  forum-osm/docs.ndjson <- ../shared/corpora/osm-help-de/docs.ndjson (+ attribution.tsv), copied as is

Usage:  /usr/bin/python3 corpora/make_sample.py [--shared DIR]   (default DIR: <repo>/../shared/corpora)
        /usr/bin/python3 corpora/make_sample.py --check           (validate only, no rewriting)
"""
import json, os, re, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpora"))

# category -> number of LibreOffice help pages taken (sum 300)
ARTICLE_QUOTAS = [
    ("Writer / Anleitungen", 70), ("Writer / Menüs", 15),
    ("Calc / Anleitungen", 60), ("Calc / Menüs", 20),
    ("Impress / Anleitungen", 33), ("Impress / Menüs", 7),
    ("Basic / Anleitungen", 11), ("Basic / Allgemein", 24),
    ("Allgemein / Anleitungen", 50), ("Draw / Anleitungen", 10),
]
ARTICLE_MAX_BODY = 12000  # bytes; very long reference pages are left out to keep the sample small

FIELDS = ["id", "type", "title", "body", "lang", "url", "tags", "category", "created", "updated",
          "rating", "thread", "parent", "accepted"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def dump(d):
    return json.dumps({k: d[k] for k in FIELDS}, ensure_ascii=False) + "\n"


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


def build_articles(shared):
    docs = [json.loads(l) for l in open(os.path.join(shared, "libreoffice-help-de", "docs.ndjson"), encoding="utf-8")]
    out = []
    for cat, k in ARTICLE_QUOTAS:
        pool = sorted((d for d in docs if d["category"] == cat and len(d["body"].encode()) <= ARTICLE_MAX_BODY),
                      key=lambda d: d["id"])
        if len(pool) < k:
            sys.exit("not enough pages in %s: %d < %d" % (cat, len(pool), k))
        out += [pool[i * len(pool) // k] for i in range(k)]
    with open(os.path.join(HERE, "articles", "docs.ndjson"), "w", encoding="utf-8") as f:
        for d in out:
            f.write(dump(d))
    return len(out)


# ---- forum/threads.txt ------------------------------------------------------------------------
# === <tNN> | <category> | <tag, tag, ...> | <subject>
# --- <key> <parent-key or -> <created> <updated or -> <up/down or -> [accepted]
# <body lines until the next marker>
# key "q" is the question (id forum:tNN); any other key k becomes id forum:tNN-k.
# accepted: true if marked; otherwise false for answers (parent q), null for questions and comments.

def parse_forum(path):
    docs, thread = [], None
    cur = None
    def flush():
        if cur is not None:
            cur["body"] = "\n".join(cur["body"]).strip()
            cur["body"] = re.sub(r"\n{3,}", "\n\n", cur["body"])
            docs.append(cur)
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#") and cur is None:
            continue
        if line.startswith("=== "):
            flush(); cur = None
            tid, cat, tags, subject = [x.strip() for x in line[4:].split("|", 3)]
            thread = {"tid": tid, "category": cat, "subject": subject,
                      "tags": [t.strip().lower() for t in tags.split(",") if t.strip()]}
        elif line.startswith("--- "):
            flush()
            parts = line[4:].split()
            if len(parts) not in (5, 6):
                sys.exit("threads.txt:%d: bad post header" % ln)
            key, par, created, updated, rating = parts[:5]
            acc = len(parts) == 6
            if acc and parts[5] != "accepted":
                sys.exit("threads.txt:%d: bad flag %s" % (ln, parts[5]))
            tid = thread["tid"]
            pid = lambda k: "forum:%s" % tid if k == "q" else "forum:%s-%s" % (tid, k)
            n = int(tid[1:])
            if rating == "-":
                rat = None
            else:
                up, down = rating.split("/")
                rat = {"up": int(up), "down": int(down)}
            cur = {"id": pid(key), "type": "forum",
                   "title": thread["subject"] if key == "q" else "Re: " + thread["subject"],
                   "body": [], "lang": "de",
                   "url": "https://forum.example.org/t/%d" % n + ("" if key == "q" else "#%s" % key),
                   "tags": thread["tags"], "category": thread["category"],
                   "created": created, "updated": None if updated == "-" else updated,
                   "rating": rat, "thread": "forum:%s" % tid,
                   "parent": None if par == "-" else pid(par),
                   "accepted": True if acc else (False if par == "q" else None)}
        elif cur is not None:
            cur["body"].append(line)
    flush()
    return docs


def build_forum():
    docs = parse_forum(os.path.join(HERE, "forum", "threads.txt"))
    with open(os.path.join(HERE, "forum", "docs.ndjson"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(dump(d))
    return len(docs)


# ---- validation (adapted from shared/corpora/validate.py, plus thread checks) -----------------

def check():
    errs, all_ids, total = [], {}, 0
    for root, _, files in sorted(os.walk(HERE)):
        for fn in sorted(files):
            if fn != "docs.ndjson":
                continue
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, HERE)
            docs = []
            for ln, line in enumerate(open(path, encoding="utf-8"), 1):
                where = "%s:%d" % (rel, ln)
                try:
                    d = json.loads(line)
                except ValueError as e:
                    errs.append("%s: bad JSON %s" % (where, e)); continue
                docs.append(d)
                if list(d) != FIELDS and set(d) != set(FIELDS):
                    errs.append("%s: fields %s" % (where, sorted(set(d) ^ set(FIELDS))))
                if d.get("type") not in ("faq", "forum", "article"): errs.append(where + ": type")
                if d.get("lang") != "de": errs.append(where + ": lang")
                if not isinstance(d.get("title"), str) or not d.get("title"): errs.append(where + ": title")
                if not isinstance(d.get("body"), str) or not d.get("body"): errs.append(where + ": body")
                if d.get("id") in all_ids: errs.append("%s: duplicate id %s (also %s)" % (where, d.get("id"), all_ids[d.get("id")]))
                all_ids[d.get("id")] = where
                for k in ("created", "updated"):
                    if d.get(k) is not None and not (isinstance(d[k], str) and ISO.match(d[k])):
                        errs.append("%s: %s not ISO" % (where, k))
                if d.get("created") and d.get("updated") and d["updated"] < d["created"]:
                    errs.append(where + ": updated before created")
                r = d.get("rating")
                if r is not None and not (isinstance(r, dict) and set(r) == {"up", "down"} and
                                          all(type(v) is int and v >= 0 for v in r.values())):
                    errs.append(where + ": rating")
                if not isinstance(d.get("tags"), list) or not all(isinstance(t, str) for t in d["tags"]):
                    errs.append(where + ": tags")
                if d.get("accepted") not in (True, False, None): errs.append(where + ": accepted")
                for k in ("url", "category", "thread", "parent"):
                    if d.get(k) is not None and not isinstance(d[k], str): errs.append("%s: %s" % (where, k))
            total += len(docs)
            ids = {d["id"]: d for d in docs}
            threads = {}
            for d in docs:
                if d.get("thread") is not None:
                    if d["thread"] not in ids: errs.append("%s: thread %s missing" % (rel, d["thread"]))
                    threads.setdefault(d["thread"], []).append(d)
                p = d.get("parent")
                if p is not None:
                    if p not in ids: errs.append("%s: parent %s of %s missing" % (rel, p, d["id"]))
                    elif ids[p].get("thread") != d.get("thread"): errs.append("%s: parent of %s in other thread" % (rel, d["id"]))
                    elif (ids[p].get("created") or "") > (d.get("created") or "~"): errs.append("%s: %s older than its parent" % (rel, d["id"]))
            for t, posts in threads.items():
                qs = [d for d in posts if d.get("parent") is None]
                if len(qs) != 1 or qs[0]["id"] != t:
                    errs.append("%s: thread %s has %d question posts" % (rel, t, len(qs)))
                if sum(1 for d in posts if d.get("accepted") is True) > 1:
                    errs.append("%s: thread %s has several accepted answers" % (rel, t))
            print("%-26s %5d docs %7.1f KB  %d threads" % (rel, len(docs), os.path.getsize(path) / 1e3, len(threads)))
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(HERE) for f in fs)
    print("total %d docs, corpora/ %.2f MB" % (total, size / 1e6))
    for e in errs[:30]:
        print("ERROR", e)
    return not errs


def main(args):
    shared = SHARED
    if "--shared" in args:
        shared = args[args.index("--shared") + 1]
    if "--check" not in args:
        copy(os.path.join(shared, "debian-faq-de", "docs.ndjson"), os.path.join(HERE, "faq", "docs.ndjson"))
        copy(os.path.join(shared, "debian-faq-de", "COPYRIGHT.debian-faq-de"), os.path.join(HERE, "faq", "COPYRIGHT.debian-faq-de"))
        copy(os.path.join(shared, "libreoffice-help-de", "COPYRIGHT.libreoffice-help-de"),
             os.path.join(HERE, "articles", "COPYRIGHT.libreoffice-help-de"))
        build_articles(shared)
        for fn in ("docs.ndjson", "attribution.tsv"):
            copy(os.path.join(shared, "osm-help-de", fn), os.path.join(HERE, "forum-osm", fn))
        build_forum()
    sys.exit(0 if check() else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
