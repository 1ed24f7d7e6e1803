"""Interchange tests: tilmash against translate-toolkit's own TMX, TBX and
XLIFF 1.2 code. Run by .ci/interchange, which installs translate-toolkit
into a virtual environment and builds the binary:

    .ci/interchange.py --tilmash target/debug/tilmash --toolkit-bin VENV/bin

Each test works in its own temporary workspace. The script prints one
line per test and a final `N passed, N failed, N skipped`, and exits with
1 when a test failed. The sentences are the team's own.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

from translate.storage import tmx, xliff

ROOT = Path(__file__).resolve().parent.parent
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"

# Russian/English pairs written for this test: Cyrillic, ё, « », a no-break
# space, a soft hyphen, XML specials, inline markup kept as text, and an
# alternative translation of one Russian sentence.
PAIRS = [
    ("Аким Шымкента открыл новый мост через реку Бадам.",
     "The akim of Shymkent opened a new bridge over the Badam River."),
    ("«Это подарок городу», — сказал он.",
     "\"This is a gift to the city,\" he said."),
    ("Ёлку на главной площади зажгут 25 декабря.",
     "The tree on the main square will be lit on December 25."),
    ("Ёлку на главной площади зажгут 25 декабря.",
     "The New Year tree on the central square will be lit on 25 December."),
    ("Цены на хлеб выросли на 3,5\u00a0% за месяц.",
     "Bread prices rose by 3.5% in a month."),
    ("Компания «Б&Ко» <b>сообщила</b> о при\u00adбыли за 2024 год.",
     "The company B&Co <b>reported</b> a profit for 2024."),
]

# Glossary terms for the TBX test: English first, as csv2tbx labels its
# first language `en`.
TERMS = [
    ("akimat", "акимат"),
    ("Mazhilis", "Мажилис"),
    ("tenge", "тенге"),
]


class Skip(Exception):
    pass


class Context:
    def __init__(self, tilmash, toolkit_bin):
        self.tilmash = tilmash
        self.toolkit_bin = Path(toolkit_bin)

    def run(self, cwd, *args, check=True):
        env = dict(os.environ, NO_COLOR="1")
        env.pop("TILMASH_MEMORY", None)
        done = subprocess.run(
            [self.tilmash, *args], cwd=cwd, env=env, capture_output=True, text=True
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"tilmash {' '.join(args)} exited with {done.returncode}: {done.stderr.strip()}"
            )
        return done

    def toolkit(self, cwd, tool, *args):
        done = subprocess.run(
            [str(self.toolkit_bin / tool), *args], cwd=cwd, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise AssertionError(f"{tool} failed: {done.stderr.strip()}")
        return done

    def pairs_of(self, cwd, memory=None):
        """The units of a memory (default: the workspace's), through tilmash's JSONL export."""
        where = ["--memory", memory] if memory else []
        out = self.run(cwd, *where, "export", "--format", "jsonl").stdout
        return [json.loads(line) for line in out.splitlines()]


def bundled_workspace(tmp):
    shutil.copy(ROOT / "tilmash.toml", tmp / "tilmash.toml")
    (tmp / "memories").mkdir()
    shutil.copy(ROOT / "memories" / "main.jsonl", tmp / "memories" / "main.jsonl")
    shutil.copytree(ROOT / "glossaries", tmp / "glossaries")


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


# ------------------------------------------------------------------ tests


def test_toolkit_tmx_imports(ctx, tmp):
    """A TMX written by translate-toolkit's tmxfile imports with every unit."""
    store = tmx.tmxfile(sourcelanguage="ru", targetlanguage="en")
    for i, (ru, en) in enumerate(PAIRS):
        store.addtranslation(ru, "ru", en, "en", comment="note %d" % i if i % 2 else None)
    (tmp / "toolkit.tmx").write_bytes(bytes(store))
    summary = json.loads(
        ctx.run(tmp, "--memory", "m", "import", "toolkit.tmx", "--format", "json").stdout
    )
    expect(summary["added"] == len(PAIRS), f"added {summary['added']} of {len(PAIRS)}: {summary}")
    expect(summary["skipped"] == 0, f"skipped records: {summary}")
    units = ctx.pairs_of(tmp, "m")
    got = sorted((u["ru"], u["en"]) for u in units)
    expect(got == sorted(PAIRS), f"pairs differ:\n{got}\n{sorted(PAIRS)}")
    notes = sorted(u.get("note", "") for u in units if u.get("note"))
    expect(notes == ["note 1", "note 3", "note 5"], f"notes: {notes}")


def test_po2tmx_imports(ctx, tmp):
    """A TMX made by po2tmx (English source, Russian target) imports with the sides right."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for ru, en in PAIRS[:3] + PAIRS[4:]:
        esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f'msgid "{esc(en)}"', f'msgstr "{esc(ru)}"', ""]
    (tmp / "news.po").write_text("\n".join(lines), encoding="utf-8")
    ctx.toolkit(tmp, "po2tmx", "-l", "ru", "news.po", "news.tmx")
    text = (tmp / "news.tmx").read_text(encoding="utf-8")
    expect('xml:lang="ru"' in text and 'xml:lang="en"' in text, "po2tmx languages")
    ctx.run(tmp, "--memory", "m", "import", "news.tmx")
    got = sorted((u["ru"], u["en"]) for u in ctx.pairs_of(tmp, "m"))
    want = sorted(PAIRS[:3] + PAIRS[4:])
    expect(got == want, f"pairs differ:\n{got}\n{want}")


def test_tilmash_tmx_read_by_toolkit(ctx, tmp):
    """A TMX exported by tilmash is read by translate-toolkit with every unit and language."""
    bundled_workspace(tmp)
    units = ctx.pairs_of(tmp)
    ctx.run(tmp, "export", "--format", "tmx", "--output", "export.tmx")
    store = tmx.tmxfile.parsefile(str(tmp / "export.tmx"))
    expect(len(store.units) == len(units), f"{len(store.units)} units read of {len(units)}")
    read = {}
    for unit in store.units:
        langs = [node.get(XML_LANG) for node in unit.getlanguageNodes()]
        expect(langs == ["ru", "en"], f"languages {langs}")
        read[(unit.source, unit.target)] = unit.getnotes()
    want = {(u["ru"], u["en"]): u.get("note", "") for u in units}
    expect(set(read) == set(want), "the pairs translate-toolkit read differ from the memory's")
    for pair, note in want.items():
        expect(read[pair] == note, f"note of {pair[0]!r}: {read[pair]!r} != {note!r}")
    # And a memory of our own tricky pairs survives the trip too.
    store = tmx.tmxfile(sourcelanguage="ru", targetlanguage="en")
    for ru, en in PAIRS:
        store.addtranslation(ru, "ru", en, "en")
    (tmp / "pairs.tmx").write_bytes(bytes(store))
    ctx.run(tmp, "--memory", "tricky", "import", "pairs.tmx")
    ctx.run(tmp, "--memory", "tricky", "export", "-o", "tricky.tmx")
    back = tmx.tmxfile.parsefile(str(tmp / "tricky.tmx"))
    got = sorted((u.source, u.target) for u in back.units)
    expect(got == sorted(PAIRS), f"tricky pairs differ:\n{got}")


# A TMX as Trados Studio writes it (empty <bpt>/<ept>/<ph>) and as memoQ
# writes it (the native code inside), with a <hi> span and an <it>.
TAGGED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format" datatype="xml" segtype="sentence" adminlang="en-US" srclang="ru-RU"/>
  <body>
    <tu>
      <tuv xml:lang="ru-RU"><seg>Президент <bpt i="1" x="1" type="bold"/>Токаев<ept i="1"/> подписал указ<ph x="2" type="lb"/> о выборах.</seg></tuv>
      <tuv xml:lang="en-US"><seg>President <bpt i="1" x="1" type="bold"/>Tokayev<ept i="1"/> signed a decree<ph x="2" type="lb"/> on the elections.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="ru"><seg>Инфляция <bpt i="1">&lt;b&gt;</bpt>в мае<ept i="1">&lt;/b&gt;</ept> составила <hi type="italic">8,4%</hi>.<it pos="begin" x="3">&lt;a href="#1"&gt;</it></seg></tuv>
      <tuv xml:lang="en"><seg>Inflation stood at <hi type="italic">8.4%</hi> <bpt i="1">&lt;b&gt;</bpt>in May<ept i="1">&lt;/b&gt;</ept>.<it pos="begin" x="3">&lt;a href="#1"&gt;</it></seg></tuv>
    </tu>
  </body>
</tmx>
"""


def segs(path):
    """The <seg> elements of a TMX, each serialized with its inline elements."""
    from lxml import etree

    tree = etree.parse(str(path))
    return sorted(
        etree.tostring(seg, encoding="unicode", with_tail=False)
        for seg in tree.iter("seg")
    )


def test_tagged_tmx_round_trip(ctx, tmp):
    """Inline tags of a CAT tool's TMX match as plain text and export tag for tag,
    and translate-toolkit reads the export with every unit."""
    (tmp / "tagged.tmx").write_text(TAGGED_TMX, encoding="utf-8")
    ctx.run(tmp, "--memory", "m", "import", "tagged.tmx")
    found = json.loads(ctx.run(
        tmp, "--memory", "m", "suggest", "--format", "json",
        "--text", "Президент Токаев подписал указ о выборах.",
    ).stdout)
    best = found["segments"][0]["matches"][0]
    expect(best["score"] == 100, f"score {best['score']}")
    expect(best["target"] == "President {1}Tokayev{/1} signed a decree{2/} on the elections.",
           f"target {best['target']!r}")
    ctx.run(tmp, "--memory", "m", "export", "-o", "back.tmx")
    expect(segs(tmp / "back.tmx") == segs(tmp / "tagged.tmx"),
           f"segments differ:\n{segs(tmp / 'back.tmx')}\n{segs(tmp / 'tagged.tmx')}")
    store = tmx.tmxfile.parsefile(str(tmp / "back.tmx"))
    expect(len(store.units) == 2, f"{len(store.units)} units read of 2")


def test_csv2tbx_imports_into_glossary(ctx, tmp):
    """A TBX made by csv2tbx imports into the glossary."""
    bundled_workspace(tmp)
    rows = ['"comment","source","target"'] + [f'"","{en}","{ru}"' for en, ru in TERMS]
    (tmp / "terms.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ctx.toolkit(tmp, "csv2tbx", "terms.csv", "terms.tbx")
    ctx.run(tmp, "glossary", "import", "terms.tbx", "--into", "imported.tsv")
    imported = (tmp / "glossaries" / "imported.tsv").read_text(encoding="utf-8")
    for en, ru in TERMS:
        expect(any(f"\t{ru}\t{en}\t" in line for line in imported.splitlines()),
               f"{ru} / {en} not in the imported glossary:\n{imported}")


def test_pretranslate_xliff12_read_by_xlifffile(ctx, tmp):
    """An XLIFF 1.2 from pretranslate is read by translate-toolkit's xlifffile."""
    bundled_workspace(tmp)
    seed = [json.loads(l) for l in (tmp / "memories" / "main.jsonl").read_text("utf-8").splitlines()]
    article = [u for u in seed if u["article"] == seed[0]["article"]]
    new = "Жираф съел морковный торт и попросил добавки."
    # A sentence with two matches at 60 (99 adapted and 71).
    several = "Инфляция в Казахстане в мае составила 8,4%."
    text = "\n\n".join([u["ru"] for u in article] + [several, new])
    (tmp / "article.txt").write_text(text, encoding="utf-8")
    # The same --limit for both, so that every candidate of the XLIFF is
    # compared with its JSON twin (a JSON at limit 1 would leave the
    # second and third unchecked).
    options = ["--limit", "3", "--min-score", "60"]
    draft = json.loads(ctx.run(tmp, "pretranslate", "article.txt", "--format", "json",
                               *options).stdout)
    ctx.run(tmp, "pretranslate", "article.txt", "--format", "xliff12", *options,
            "-o", "article.xlf")
    store = xliff.xlifffile.parsefile(str(tmp / "article.xlf"))
    expect(store.getsourcelanguage() == "ru", f"source language {store.getsourcelanguage()}")
    expect(store.gettargetlanguage() == "en", f"target language {store.gettargetlanguage()}")
    units = store.units
    segments = draft["segments"]
    candidates = several = 0
    expect(len(units) == len(segments), f"{len(units)} units read of {len(segments)}")
    for unit, segment in zip(units, segments):
        expect(unit.source == segment["source"], f"source {unit.source!r}")
        if segment["state"] == "exact":
            expect(unit.target == segment["target"], f"target {unit.target!r}")
            expect(unit.istranslated() and not unit.isfuzzy(),
                   f"exact match {unit.source!r} not read as translated")
        elif segment["state"] == "fuzzy":
            expect(unit.target == segment["target"] and unit.isfuzzy(),
                   f"fuzzy draft {unit.source!r} not read as fuzzy")
        else:
            expect(not unit.target and not unit.istranslated(),
                   f"new segment {unit.source!r} read as translated")
        alternatives = unit.getalttrans()
        expect(len(alternatives) == len(segment["matches"]),
               f"{len(alternatives)} alt-trans for {len(segment['matches'])} matches")
        for alt, match in zip(alternatives, segment["matches"]):
            expect(alt.source == match["source"], f"alt-trans source {alt.source!r}")
            # The memory's own pair, as the TM holds it (the adapted
            # target is the draft's, not the candidate's).
            expect(alt.target == match["unit"]["en"], f"alt-trans target {alt.target!r}")
            expect(alt.xmlelement.get("match-quality") == str(min(match["score"], 100)),
                   "match-quality")
            candidates += 1
            several += len(segment["matches"]) > 1
    expect(segments[-1]["source"] == new and segments[-1]["state"] == "new",
           "the last segment is new")
    expect(any(s["state"] == "exact" for s in segments), "some segment is exact")
    expect(several > 0, f"no segment has more than one candidate ({candidates} compared)")


def serve(ctx, tmp):
    """Starts `tilmash serve` on the workspace in `tmp`; (process, url)."""
    log = open(tmp / "serve.log", "w+", encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1")
    env.pop("TILMASH_MEMORY", None)
    server = subprocess.Popen([ctx.tilmash, "serve", "--listen", "127.0.0.1:0"], cwd=tmp,
                              env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        found = re.search(r"127\.0\.0\.1:([1-9][0-9]*)", (tmp / "serve.log").read_text("utf-8"))
        if found:
            return server, f"http://127.0.0.1:{found.group(1)}"
        if server.poll() is not None:
            break
        time.sleep(0.1)
    server.kill()
    raise AssertionError(f"tilmash serve did not listen: {(tmp / 'serve.log').read_text('utf-8')}")


def test_page_merged_run_xliff12_round_trip(ctx, tmp):
    """The page's export of a run one target translates (a paragraph match
    taken over segments 2-3): XLIFF 1.2's <group merged-trans="yes">, the
    run's first trans-unit with the target, the other an empty target;
    translate-toolkit reads it so and writes it back unchanged."""
    bundled_workspace(tmp)
    text = ("Аким Шымкента открыл новый мост через реку Бадам. "
            "Мост длиной 120 метров построили за год. "
            "Движение по нему откроют в понедельник. "
            "Жираф съел морковный торт.")
    run = ("The akim of Shymkent opened a new 120-metre bridge over the Badam River, "
           "built in a year, which opens to traffic on Monday.")
    body = {"text": text, "format": "xliff12", "name": "bridge.txt", "targets": [
        {"segment": 2, "target": run, "confirmed": True, "segments": 2},
        {"segment": 4, "target": "A giraffe ate a carrot cake.", "confirmed": False},
    ]}
    server, url = serve(ctx, tmp)
    try:
        request = urllib.request.Request(f"{url}/api/pretranslate", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            (tmp / "bridge.xlf").write_bytes(response.read())
    finally:
        server.kill()
        server.wait()
    store = xliff.xlifffile.parsefile(str(tmp / "bridge.xlf"))
    units = store.units
    ids = [u.xmlelement.get("id") for u in units]
    expect(ids == ["1", "2", "3", "4"], f"trans-unit ids {ids}")
    expect(units[1].target == run and units[1].istranslated(), f"run's target {units[1].target!r}")
    expect(units[2].target == "" and not units[2].istranslated(), f"covered {units[2].target!r}")
    expect("translated in segment 2" in units[2].getnotes(), f"covered's note {units[2].getnotes()!r}")
    expect(units[3].target == "A giraffe ate a carrot cake." and units[3].isfuzzy(),
           "segment 4 is the translator's draft, to review")
    def groups(root):
        return [(g.get("merged-trans"), [t.get("id") for t in g.iter("{%s}trans-unit" % XLIFF12)])
                for g in root.iter("{%s}group" % XLIFF12)]
    expect(groups(store.document.getroot()) == [("yes", ["2", "3"])],
           f"groups {groups(store.document.getroot())}")
    # Written back by translate-toolkit, read again: the same.
    again = xliff.xlifffile.parsestring(bytes(store))
    expect([(u.getid(), u.source, u.target, u.istranslated()) for u in again.units]
           == [(u.getid(), u.source, u.target, u.istranslated()) for u in units],
           "units changed on a round trip")
    expect(groups(again.document.getroot()) == [("yes", ["2", "3"])], "the group was lost")


TESTS = [
    test_toolkit_tmx_imports,
    test_po2tmx_imports,
    test_tilmash_tmx_read_by_toolkit,
    test_tagged_tmx_round_trip,
    test_csv2tbx_imports_into_glossary,
    test_pretranslate_xliff12_read_by_xlifffile,
    test_page_merged_run_xliff12_round_trip,
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tilmash", required=True)
    parser.add_argument("--toolkit-bin", required=True)
    args = parser.parse_args()
    ctx = Context(args.tilmash, args.toolkit_bin)
    passed = failed = skipped = 0
    for test in TESTS:
        name = test.__name__[len("test_"):]
        with tempfile.TemporaryDirectory(prefix="tilmash-interchange-") as tmp:
            try:
                test(ctx, Path(tmp))
            except Skip as why:
                skipped += 1
                print(f"SKIP {name}: {why}")
            except AssertionError as why:
                failed += 1
                print(f"FAIL {name}: {why}")
            except Exception:
                failed += 1
                print(f"FAIL {name}: unexpected error\n{traceback.format_exc()}")
            else:
                passed += 1
                print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
