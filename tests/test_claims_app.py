"""Claims in the real app: C opens the Claims screen from the library; n, e, m, D manage claims;
a/r/d/q (1-4) accept a suggestion with a stance and x rejects it; c in the reader makes a claim."""

from __future__ import annotations

from app_support import SIZE, open_article, until

from reader.store import claims as store
from reader.store import open_db
from reader.store.tags import tags_for
from reader.tui.app import ReaderApp
from reader.tui.screens.claim_picker import ClaimPicker
from reader.tui.screens.claims import ClaimsScreen
from reader.tui.screens.delete_claim import DeleteClaimDialog
from reader.tui.widgets.bar_chart import BarChart
from reader.tui.widgets.tags_panel import TagsPanel

CLAIM = "North Korean troops are in Russia"


async def test_claims_screen_accept_reject_rename_merge_delete(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ClaimsScreen), "the Claims screen")
        screen = app.screen
        await pilot.press("n", *(k if k != " " else "space" for k in CLAIM), "enter")
        await until(pilot, lambda: screen.claim == CLAIM and screen.suggestions, "the claim's suggestions")
        db = open_db(library_path)
        first, second = screen.suggestions[:2]
        screen.query_one("#claim-suggestions").focus()
        await pilot.pause()
        screen.query_one("#claim-suggestions").highlighted = 0
        await pilot.press("d")  # accept the first, as a denial
        await until(pilot, lambda: screen.view and screen.view["counts"]["denies"] == 1, "the accepted link")
        (row,) = store.claim_sources(db, CLAIM)
        assert (row["article_id"], row["start"], row["end"], row["stance"]) == (
            first["article_id"],
            first["start"],
            first["end"],
            "denies",
        )
        assert screen.query_one("#claim-denies", BarChart).data == [(row["source"], 1)]
        await until(pilot, lambda: first["text"] not in [s["text"] for s in screen.suggestions], "it to leave the list")
        screen.query_one("#claim-suggestions").highlighted = [s["text"] for s in screen.suggestions].index(
            second["text"]
        )
        await pilot.press("x")
        await until(pilot, lambda: store.rejections(db, CLAIM), "the rejection")
        await until(pilot, lambda: second["text"] not in [s["text"] for s in screen.suggestions], "it to go")
        screen.query_one("#claim-suggestions").highlighted = 0
        await pilot.press("2")  # the number keys work too: reports
        await until(pilot, lambda: screen.view and screen.view["counts"]["reports"] == 1, "the second link")
        assert screen.query_one("#claim-sources").row_count == 2
        # Rename, then merge another claim into it, then delete it (confirmed).
        screen.query_one("#claims-table").focus()
        await pilot.press("e", *(k if k != " " else "space" for k in CLAIM + " (NK)"), "enter")  # typed over the old
        await until(pilot, lambda: [c["name"] for c in store.list_claims(db)] == [CLAIM + " (NK)"], "the rename")
        store.add_claim(db, "Troops")
        await pilot.press("n", "escape")  # the input closes without adding
        screen.load_claims()
        await until(pilot, lambda: len(screen.claims) == 2, "both claims")
        screen.query_one("#claims-table").move_cursor(row=1)
        await until(pilot, lambda: screen.claim == "Troops", "the other claim")
        await pilot.press("m", *(k if k != " " else "space" for k in CLAIM + " (NK)"), "enter")
        await until(pilot, lambda: [c["name"] for c in store.list_claims(db)] == [CLAIM + " (NK)"], "the merge")
        await until(pilot, lambda: screen.claim == CLAIM + " (NK)", "the merged claim")
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, DeleteClaimDialog), "the confirmation")
        await pilot.press("escape")
        assert store.list_claims(db)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, DeleteClaimDialog), "the confirmation")
        await pilot.press("d")
        await until(pilot, lambda: store.list_claims(db) == [], "the delete")
        assert db.execute("SELECT count(*) FROM tags").fetchone()[0] == 0  # made by accepting: gone too
        db.close()


async def test_c_in_the_reader_makes_a_claim_from_the_sentence_then_links_a_tag(library_path):
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_article(app, pilot, "NATO confirms")
        sentence = screen.span
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ClaimPicker), "the claim picker")
        await pilot.press(*"NK", "space", *"troops", "enter")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        db = open_db(library_path)
        (tag,) = tags_for(db, screen.article["id"])
        assert (tag["start"], tag["end"], tag["label"]) == (sentence.start, sentence.end, "claim")
        assert store.link_of(db, tag["id"])["stance"] == "asserts"
        assert [t["id"] for t in screen.query_one(TagsPanel).tags] == [tag["id"]]
        # On the tag, c links the tag itself: picked from the claims, with another stance.
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ClaimPicker), "the claim picker")
        picker = app.screen
        picker.query_one("#claim-stance").value = "questions"
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.screen is screen, "the picker to close")
        assert len(tags_for(db, screen.article["id"])) == 1
        assert store.link_of(db, tag["id"]) == {
            "tag_id": tag["id"],
            "claim": "NK troops",
            "stance": "questions",
            "origin": "suggestion",
        }
        # u undoes the tag the claim made; its link goes out of sight with it.
        await pilot.press("u")
        await until(pilot, lambda: tags_for(db, screen.article["id"]) == [], "the undo")
        assert store.claim_sources(db, "NK troops") == []
        db.close()


async def test_every_claims_binding_has_a_description(library_path):
    for screen_class in (ClaimsScreen, ClaimPicker, DeleteClaimDialog):
        assert all(binding.description for binding in screen_class.BINDINGS), screen_class
    from reader.tui.screens.library import LibraryScreen
    from reader.tui.screens.reader import ReaderScreen

    assert any(b.key == "C" and b.action == "claims" and b.description for b in LibraryScreen.BINDINGS)
    assert any(b.key == "c" and b.action == "claim" and b.description for b in ReaderScreen.BINDINGS)
